import { describe, expect, it } from 'vitest';
import { ancestorsOf, childrenOf, parentOf, THEMES, type ThemeSlug, themeWithDescendants } from '../src/index.ts';

const VAWG = 'violence-against-women-and-girls';

describe('the theme list', () => {
  it('names each slug once, as a lower-case slug', () => {
    const slugs = THEMES.map((theme) => theme.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
    for (const slug of slugs) expect(slug).toMatch(/^[a-z]+(?:-[a-z]+)*$/);
  });

  it('keeps every slug of the first list (slugs are never renamed)', () => {
    const first = [
      'child-sexual-exploitation',
      'domestic-abuse',
      VAWG,
      'anti-social-behaviour',
      'criminal-damage-and-arson',
      'burglary',
      'vehicle-crime',
      'violent-crime',
      'sexual-offences',
      'serious-violence',
      'hate-crime',
      'community-cohesion',
      'reoffending',
      'substance-misuse',
      'modern-slavery',
      'cyber-crime',
      'road-safety',
      'mental-health',
      'victims-and-witnesses',
      'vulnerable-people',
      'public-confidence',
      'visible-policing',
      'early-intervention',
      'value-for-money',
    ];
    expect(THEMES.map((theme) => theme.slug)).toEqual(expect.arrayContaining(first));
  });

  it('forms a tree: every parent is a theme of the list, and no theme is its own ancestor', () => {
    for (const theme of THEMES) {
      const parent = parentOf(theme.slug);
      if (parent) expect(THEMES.map((candidate) => candidate.slug)).toContain(parent);
      expect(ancestorsOf(theme.slug)).not.toContain(theme.slug);
    }
  });
});

describe('theme families', () => {
  it('puts domestic abuse, stalking, honour-based abuse, forced marriage and FGM under violence against women and girls', () => {
    expect(childrenOf(VAWG)).toEqual([
      'domestic-abuse',
      'stalking-and-harassment',
      'honour-based-abuse',
      'forced-marriage',
      'female-genital-mutilation',
    ]);
    expect(parentOf('domestic-abuse')).toBe(VAWG);
  });

  it('puts female offenders under reoffending', () => {
    expect(parentOf('female-offenders')).toBe('reoffending');
    expect(childrenOf('reoffending')).toEqual(['female-offenders']);
  });

  it('gives a theme with no parent none, and a theme with no children none', () => {
    expect(parentOf('burglary')).toBeUndefined();
    expect(childrenOf('burglary')).toEqual([]);
    expect(ancestorsOf('burglary')).toEqual([]);
  });

  it('takes in a theme and its children, the theme first; a child alone takes in only itself', () => {
    expect(themeWithDescendants(VAWG)).toEqual([
      VAWG,
      'domestic-abuse',
      'stalking-and-harassment',
      'honour-based-abuse',
      'forced-marriage',
      'female-genital-mutilation',
    ]);
    expect(themeWithDescendants('domestic-abuse')).toEqual(['domestic-abuse']);
    expect(themeWithDescendants('burglary' as ThemeSlug)).toEqual(['burglary']);
  });

  it('names the themes a child is part of', () => {
    expect(ancestorsOf('forced-marriage')).toEqual([VAWG]);
  });
});
