import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type Stack } from 'aws-cdk-lib';
import { Annotations, Template } from 'aws-cdk-lib/assertions';
import { expect } from 'vitest';
import { addHub, cdkJsonContext } from '../../src/aws/hub-app.ts';

export interface SynthesisedHub {
  app: App;
  stack: Stack;
  template: Template;
  /** The stack's annotations, from one more synthesis (Annotations.fromStack forces one), made on first use. */
  annotations: () => Annotations;
}

const synthesised = new Map<string, SynthesisedHub>();

/** The folder the synth tests' apps write their cloud assemblies under, made on first use. */
let outputs: string | undefined;

/**
 * An App for a synth test, with cdk.json's context and the given context, bundling nothing. It
 * writes its cloud assembly under one folder for the process, which removeSynthOutputs removes:
 * an App with no outdir makes a temporary folder of its own (1.2 MB once synthesised) that nothing
 * removes, and each run of the suite left a few in the system's temporary folder.
 */
export function testApp(context: Record<string, unknown> = {}): App {
  outputs ??= mkdtempSync(join(tmpdir(), 'partnership-hub-synth-'));
  return new App({
    outdir: mkdtempSync(join(outputs, 'cdk.out-')),
    context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [], ...context },
  });
}

/** Removes every cloud assembly testApp's apps wrote, and forgets the syntheses made from them (aws.test.ts, after all). */
export function removeSynthOutputs(): void {
  synthesised.clear();
  if (outputs) rmSync(outputs, { recursive: true, force: true });
  outputs = undefined;
}

/**
 * The stack as `cdk synth -c stage=...` builds it, but without bundling the handlers (the bundle
 * test does that): the synth tests are about the resources.
 *
 * A synthesis costs seconds, and CloudFormation validation (cdk.json turns it on) spends several
 * more starting its engine, once per process. The synth test files run unisolated
 * (vitest.config.ts), so the files a worker runs share that engine and, through this cache, one
 * synthesis per context. Sharing is safe: cdk-nag's `validateScope` and the assertions only read
 * the construct tree and the template.
 */
export function synthHub(context: Record<string, unknown>): SynthesisedHub {
  const key = JSON.stringify(Object.entries(context).sort(([a], [b]) => a.localeCompare(b)));
  let hub = synthesised.get(key);
  if (!hub) {
    const app = testApp(context);
    const stack = addHub(app);
    let annotations: Annotations | undefined;
    hub = { app, stack, template: Template.fromStack(stack), annotations: () => (annotations ??= Annotations.fromStack(stack)) };
    synthesised.set(key, hub);
  }
  return hub;
}

/** A resource of a synthesised template, as the synth tests read it. */
export type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string };
/** A statement of an IAM policy in a synthesised template. */
export type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: any };

/** The template's one Lambda function with this description (HubFunction's), and its logical id. */
export function functionWith(template: Template, description: string): [string, Resource] {
  const found = Object.entries(template.findResources('AWS::Lambda::Function', { Properties: { Description: description } })) as [
    string,
    Resource,
  ][];
  expect(found, description).toHaveLength(1);
  return found[0]!;
}

/** Every statement of the IAM policies attached to a function's role. */
export function statementsOf(template: Template, fn: Resource): Statement[] {
  const role = fn.Properties.Role;
  const roleRef = role.Ref ? role : { Ref: role['Fn::GetAtt'][0] };
  return Object.values(template.findResources('AWS::IAM::Policy', { Properties: { Roles: [roleRef] } })).flatMap(
    (policy) => (policy as Resource).Properties.PolicyDocument.Statement as Statement[],
  );
}
