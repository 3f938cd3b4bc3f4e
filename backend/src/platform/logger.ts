import winston from 'winston';

export type Logger = winston.Logger;

/**
 * Keys whose values never reach a log line: credentials, and patient content (message bodies,
 * transcripts). Matched case-insensitively against the key name at any depth.
 */
const REDACTED_KEY =
  /^(password|passwordHash|secret|token|ticket|jwt|authorization|cookie|set-cookie|apiKey|api_key|authToken|body|Body|transcript|text|content|summary|SpeechResult|x-vapi-secret|x-signature|x-twilio-signature)$/i;

// E.164 and loosely written phone numbers: 9–15 digits, optional +, single spaces or dashes
// between digits. Dates (8 digits) and digits inside identifiers are left alone.
const PHONE_PATTERN = /(?<![\w.:+-])\+?\d(?:[ -]?\d){8,14}(?![\w-])/g;

export function maskPhoneNumbers(text: string): string {
  return text.replace(PHONE_PATTERN, (match) => {
    const digits = match.replace(/\D/g, '');
    return `${match.startsWith('+') ? '+' : ''}***${digits.slice(-3)}`;
  });
}

const MAX_DEPTH = 6;

export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskPhoneNumbers(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[truncated]';
  if (value instanceof Error) {
    return { name: value.name, message: maskPhoneNumbers(value.message), stack: value.stack && maskPhoneNumbers(value.stack) };
  }
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const output: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    output[key] = REDACTED_KEY.test(key) ? '[redacted]' : redact(inner, depth + 1);
  }
  return output;
}

const redactFormat = winston.format((info) => {
  for (const key of Object.keys(info)) {
    if (key === 'level' || key === 'timestamp') continue;
    info[key] = key !== 'message' && REDACTED_KEY.test(key) ? '[redacted]' : redact(info[key]);
  }
  return info;
});

export type LoggerOptions = { level: string; silent?: boolean; stream?: NodeJS.WritableStream };

export function createLogger(options: LoggerOptions): Logger {
  const transport = options.stream
    ? new winston.transports.Stream({ stream: options.stream })
    : new winston.transports.Console();
  // winston runs the logger's format before its transports filter by level, so without this
  // every debug line would be timestamped, redacted and serialised only to be dropped.
  const enabledOnly = winston.format((info) => (logger.isLevelEnabled(info.level) ? info : false));
  const logger: Logger = winston.createLogger({
    level: options.level,
    silent: options.silent ?? false,
    format: winston.format.combine(
      enabledOnly(),
      winston.format.timestamp(),
      winston.format.errors({ stack: true }),
      redactFormat(),
      winston.format.json(),
    ),
    defaultMeta: { service: 'voxanne-backend' },
    transports: [transport],
  });
  return logger;
}
