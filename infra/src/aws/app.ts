// The CDK app (cdk.json runs it): `npm run synth` to build the template offline, `npm run deploy`
// to deploy it. See docs/aws.md.
import { App } from 'aws-cdk-lib';
import { addHub } from './hub-app.ts';

addHub(new App());
