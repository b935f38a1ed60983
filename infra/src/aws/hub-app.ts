import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { repoRoot } from './bundling.ts';
import { HubStack } from './hub-stack.ts';
import { stageFromContext } from './stage.ts';

const stackName = (stage: string) => `PartnershipHub-${stage}`;

/**
 * Adds the hub's stack for the stage named in the app's context, checked by cdk-nag's
 * AwsSolutions pack: a finding that is neither fixed nor suppressed with a reason fails the synth.
 * `cdk synth`/`cdk deploy` (through app.ts) and the synth tests build the app this same way.
 */
export function addHub(app: App): HubStack {
  const stage = stageFromContext(app.node);
  // No `env`: the template is the same whoever synthesises it, with no AWS account or network;
  // `cdk deploy` deploys it to the account and region of the caller's credentials.
  const stack = new HubStack(app, stackName(stage.name), {
    stage,
    description: `Partnership Hub (${stage.name}): API, event bus, projections and outbox`,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return stack;
}

/**
 * The context `cdk` gives the app from cdk.json (the feature flags above all), for building the
 * app outside the CLI, as the synth tests do, so that they synthesise what `cdk synth` does.
 */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(repoRoot, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  return cdkJson.context ?? {};
}
