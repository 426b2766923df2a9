// Verifies a WorkflowPlatform webhook (Standard Webhooks v1) in Node.js, no dependencies.
// Usage in an HTTP handler: verifyWebhook(process.env.WFP_WEBHOOK_SECRET, req.headers, rawBodyBuffer)
import { createHmac, timingSafeEqual } from 'node:crypto';

export function verifyWebhook(secret, headers, rawBody, toleranceSeconds = 300) {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (!id || !timestamp || !signatures) return false;
  const age = Math.abs(Date.now() / 1000 - Number(timestamp));
  if (!Number.isFinite(age) || age > toleranceSeconds) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.`).update(rawBody).digest();
  return signatures.split(' ').some((entry) => {
    const [version, signature] = entry.split(',');
    if (version !== 'v1' || !signature) return false;
    const given = Buffer.from(signature, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

// Command-line check used by the test suite: node verify-webhook.mjs <secret> <id> <timestamp> <signature> <body-file>
if (process.argv[1] && process.argv[1].endsWith('verify-webhook.mjs') && process.argv.length === 7) {
  const [secret, id, timestamp, signature, bodyFile] = process.argv.slice(2);
  const { readFileSync } = await import('node:fs');
  const ok = verifyWebhook(secret, { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature }, readFileSync(bodyFile));
  console.log(ok ? 'valid' : 'invalid');
  process.exit(ok ? 0 : 1);
}
