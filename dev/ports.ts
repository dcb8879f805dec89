import * as z from 'zod';

/** Default local ports, each overridable by environment. */
export function localPorts(env: NodeJS.ProcessEnv = process.env) {
  const port = (name: string, def: number) =>
    z.coerce
      .number()
      .int()
      .min(0)
      .max(65535)
      .default(def)
      .parse(env[name] || undefined);
  return {
    http: port('PORT', 3000),
    dynamodb: port('DYNAMODB_PORT', 8000),
    sqs: port('SQS_PORT', 9324),
    stripe: port('STRIPE_EMULATOR_PORT', 12111),
    razorpay: port('RAZORPAY_EMULATOR_PORT', 12112),
  };
}
