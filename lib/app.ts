import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { settingsFromContext } from './settings';
import { TollgateStack } from './tollgate-stack';

const app = new App();
const settings = settingsFromContext(app.node);

const stack = new TollgateStack(app, `Tollgate-${settings.stage}`, {
  settings,
  description: `Tollgate billing and entitlements (${settings.stage})`,
  // Unset account/region keep the template environment-agnostic; `cdk deploy` fills them in.
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
Tags.of(stack).add('service', 'tollgate');
Tags.of(stack).add('stage', settings.stage);

// Synthesis fails on any unacknowledged AwsSolutions error; each acknowledgement in lib/ says why.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

app.synth();
