/**
 * A text from a patient, posted the way Twilio posts it: form-encoded and signed with the auth
 * token (HMAC-SHA1 over the public URL and the sorted parameters). Against the embedded default
 * backend the token is the development one and the public URL is the backend's own.
 */
import { createHmac, randomBytes } from 'node:crypto';

export async function sendPatientText(backendUrl: string, text: { from: string; to: string; body: string }): Promise<void> {
  const url = `${process.env.PUBLIC_BASE_URL ?? backendUrl}/webhooks/twilio/sms`;
  const params: Record<string, string> = { MessageSid: `SM${randomBytes(16).toString('hex')}`, From: text.from, To: text.to, Body: text.body };
  const payload = Object.keys(params)
    .sort()
    .reduce((signed, key) => signed + key + params[key], url);
  const signature = createHmac('sha1', process.env.TWILIO_AUTH_TOKEN ?? 'dev-twilio-token').update(payload).digest('base64');
  const response = await fetch(`${backendUrl}/webhooks/twilio/sms`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
    body: new URLSearchParams(params).toString(),
  });
  if (!response.ok) throw new Error(`the signed inbound SMS webhook answered ${response.status}`);
}
