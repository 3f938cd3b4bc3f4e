import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';

const ISSUER = 'voxanne';
const AUDIENCE = 'voxanne-dashboard';
export const TOKEN_TTL_SECONDS = 12 * 60 * 60;

export type TokenIdentity =
  | { kind: 'voxanne'; userId: string }
  /** A Supabase Auth user: `sub` is the Supabase user id, matched to our users by link or email. */
  | { kind: 'supabase'; subject: string; email: string | undefined };

export type TokenService = {
  issue(userId: string): Promise<{ token: string; expiresAt: Date }>;
  /** The identity in a valid token, or undefined for anything invalid, expired or foreign. */
  verify(token: string): Promise<TokenIdentity | undefined>;
};

export function createTokenService(options: {
  secret: string;
  supabase?: { jwtSecret: string; url: string | undefined };
  now?: () => Date;
}): TokenService {
  const key = new TextEncoder().encode(options.secret);
  const supabaseKey = options.supabase ? new TextEncoder().encode(options.supabase.jwtSecret) : undefined;
  const supabaseIssuer = options.supabase?.url
    ? `${options.supabase.url.replace(/\/+$/, '')}/auth/v1`
    : undefined;
  const now = options.now ?? (() => new Date());

  return {
    async issue(userId) {
      const issuedAt = Math.floor(now().getTime() / 1000);
      const expiresAt = new Date((issuedAt + TOKEN_TTL_SECONDS) * 1000);
      const token = await new SignJWT({})
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setSubject(userId)
        .setIssuedAt(issuedAt)
        .setExpirationTime(expiresAt)
        .sign(key);
      return { token, expiresAt };
    },
    async verify(token) {
      const currentDate = now();
      try {
        const { payload } = await jwtVerify(token, key, {
          issuer: ISSUER,
          audience: AUDIENCE,
          algorithms: ['HS256'],
          currentDate,
        });
        if (payload.sub) return { kind: 'voxanne', userId: payload.sub };
      } catch (error) {
        if (!(error instanceof joseErrors.JOSEError)) throw error;
      }
      if (!supabaseKey) return undefined;
      try {
        const { payload } = await jwtVerify(token, supabaseKey, {
          algorithms: ['HS256'],
          audience: 'authenticated',
          currentDate,
          ...(supabaseIssuer ? { issuer: supabaseIssuer } : {}),
        });
        if (!payload.sub) return undefined;
        const email = typeof payload.email === 'string' ? payload.email : undefined;
        return { kind: 'supabase', subject: payload.sub, email };
      } catch (error) {
        if (error instanceof joseErrors.JOSEError) return undefined;
        throw error;
      }
    },
  };
}
