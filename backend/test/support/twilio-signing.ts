import type { Express } from 'express';
import request from 'supertest';
import twilio from 'twilio';
import { TEST_PUBLIC_BASE_URL, TEST_TWILIO_TOKEN } from './test-app';

/** Posts a Twilio webhook form exactly as Twilio would: signed over the public URL and every parameter. */
export function postSignedTwilio(app: Express, path: string, params: Record<string, string>, options: { token?: string } = {}) {
  const signature = twilio.getExpectedTwilioSignature(options.token ?? TEST_TWILIO_TOKEN, `${TEST_PUBLIC_BASE_URL}${path}`, params);
  return request(app).post(path).type('form').set('X-Twilio-Signature', signature).send(params);
}

let sequence = 0;

/** A fresh, well-formed Twilio message SID. */
export function messageSid(): string {
  sequence += 1;
  return `SM${sequence.toString(16).padStart(8, '0')}${Date.now().toString(16).padStart(24, '0')}`.slice(0, 34);
}

/** The parameter set of a real inbound SMS webhook (Twilio adds more without notice; all are signed). */
export function inboundSmsParams(overrides: { From: string; To: string; Body: string; MessageSid?: string; OptOutType?: string }): Record<string, string> {
  const sid = overrides.MessageSid ?? messageSid();
  return {
    ToCountry: 'GB',
    ToState: '',
    SmsMessageSid: sid,
    NumMedia: '0',
    ToCity: '',
    FromZip: '',
    SmsSid: sid,
    FromState: '',
    SmsStatus: 'received',
    FromCity: '',
    FromCountry: 'GB',
    ToZip: '',
    NumSegments: '1',
    MessageSid: sid,
    AccountSid: 'AC00000000000000000000000000000001',
    ApiVersion: '2010-04-01',
    ...overrides,
    ...(overrides.MessageSid ? {} : { MessageSid: sid }),
  };
}
