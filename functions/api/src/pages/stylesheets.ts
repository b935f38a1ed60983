/**
 * The hub's own few styles on top of GOV.UK Frontend: the joint priorities matrix and the
 * print layout for panel papers. Small enough to ship inside the handler.
 */
export const HUB_CSS = `
.hub-scroll{overflow-x:auto;margin-bottom:30px}
.hub-scroll:focus{outline:3px solid #fd0;outline-offset:0;box-shadow:0 0 0 7px #0b0c0c}
.hub-matrix{border-collapse:collapse;min-width:100%;margin-bottom:0}
.hub-matrix th,.hub-matrix td{border:1px solid #b1b4b6;padding:8px;vertical-align:top;text-align:left;min-width:11em;font-size:1rem;line-height:1.3}
.hub-matrix thead th{background:#f3f2f1}
.hub-matrix tbody th{background:#f8f8f8;min-width:13em}
.hub-matrix a{text-decoration:underline;text-decoration-thickness:max(1px,.0625rem);text-underline-offset:.1578em}
.hub-matrix a:link{color:#1a65a6}
.hub-matrix a:visited{color:#54319f}
.hub-matrix a:hover{color:#0f385c;text-decoration-thickness:max(3px,.1875rem,.12em)}
.hub-matrix a:active{color:#0b0c0c}
.hub-matrix a:focus{outline:3px solid transparent;color:#0b0c0c;background-color:#fd0;box-shadow:0 -2px #fd0,0 4px #0b0c0c;text-decoration:none;box-decoration-break:clone;-webkit-box-decoration-break:clone}
.hub-matrix ul,.hub-list{list-style:none;margin:0;padding:0}
.hub-matrix li{margin:0 0 8px}
.hub-matrix li:last-child{margin-bottom:0}
.hub-label{display:block;font-weight:700;font-size:.875rem}
.hub-note{display:block;font-size:.875rem;margin-top:4px}
.hub-kind{display:block;font-weight:400;font-size:.875rem;color:#484949}
.hub-filters{background:#f3f2f1;padding:15px 15px 0;margin-bottom:30px}
.hub-filters .govuk-form-group{display:inline-block;vertical-align:top;margin-right:20px;margin-bottom:15px}
.hub-filters .govuk-button{margin-bottom:15px;margin-right:15px}
.hub-filters .govuk-form-group{max-width:100%}
.hub-filters .govuk-select{max-width:100%;width:22em;box-sizing:border-box}
.hub-wide{max-width:none;margin:0 15px}
@media (min-width:40.0625em){.hub-wide{margin:0 30px}}
.hub-viewer{display:flex;flex-wrap:wrap;align-items:center;gap:5px 20px}
.hub-viewer .govuk-phase-banner__content{flex:1 1 30em}
.hub-viewer .govuk-phase-banner__content__tag{white-space:nowrap}
.hub-inline-form .govuk-button{margin:0;padding:4px 10px}
.hub-diff del{background:#f6d7d2;text-decoration:line-through}
.hub-diff ins{background:#cce2d8;text-decoration:none}
.hub-search{display:flex;flex-wrap:wrap;gap:10px;align-items:flex-start}
.hub-search .govuk-button{margin-bottom:0}
.hub-change-links li{display:inline-block;margin-right:20px}
.hub-differs{margin-left:10px}
`;

/** For printing the overview into panel papers: the matrix on landscape pages, no navigation or forms. */
export const PRINT_CSS = `
@page{size:A4 landscape;margin:12mm}
.govuk-skip-link,.govuk-service-navigation__wrapper,.govuk-phase-banner form,.hub-filters,.hub-no-print,.govuk-pagination,.govuk-back-link,.govuk-footer{display:none!important}
body,.govuk-template{background:#fff!important}
.govuk-width-container,.hub-wide{max-width:none;margin:0}
.govuk-main-wrapper{padding:0}
.hub-scroll{overflow:visible}
.hub-matrix th,.hub-matrix td{min-width:0;font-size:8.5pt;padding:3px}
.hub-matrix tr{break-inside:avoid}
.hub-matrix thead{display:table-header-group}
a,a:visited{color:#000;text-decoration:none}
h1,h2,h3{break-after:avoid}
`;
