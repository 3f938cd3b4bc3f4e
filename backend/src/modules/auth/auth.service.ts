import { AppError } from '../../platform/errors';
import { hashForTimingEqualisation, verifyPassword } from '../../platform/auth/passwords';
import type { TokenIdentity, TokenService } from '../../platform/auth/tokens';
import type { AuthContext } from '../../platform/http/request-context';
import type { AuthRepo, UserRecord } from './auth.repo';
import type { LoginRequest, LoginResponse } from './auth.schemas';

export function createAuthService(deps: { repo: AuthRepo; tokens: TokenService }) {
  const { repo, tokens } = deps;

  async function toAuthContext(user: UserRecord): Promise<AuthContext> {
    return {
      user: { id: user.id, email: user.email, name: user.name, isPlatformAdmin: user.isPlatformAdmin },
      memberships: await repo.listMemberships(user),
    };
  }

  async function findUserFor(identity: TokenIdentity): Promise<UserRecord | undefined> {
    if (identity.kind === 'voxanne') return repo.findUserById(identity.userId);
    const linked = await repo.findUserByExternalId(identity.subject);
    if (linked || !identity.email) return linked;
    const byEmail = await repo.findUserByEmail(identity.email);
    if (byEmail) await repo.linkExternalId(byEmail.id, identity.subject);
    return byEmail;
  }

  return {
    async login(credentials: LoginRequest): Promise<LoginResponse> {
      const user = await repo.findUserByEmail(credentials.email);
      // Verify against a dummy hash when the user is unknown, so timing does not reveal
      // which emails have accounts.
      const isValid = await verifyPassword(
        credentials.password,
        user?.passwordHash ?? (await hashForTimingEqualisation),
      );
      if (!user || !user.passwordHash || !isValid) {
        throw new AppError('UNAUTHORIZED', 'Invalid email or password');
      }
      await repo.recordLogin(user.id);
      const { token, expiresAt } = await tokens.issue(user.id);
      const context = await toAuthContext(user);
      return {
        token,
        expiresAt: expiresAt.toISOString(),
        user: { id: user.id, email: user.email, name: user.name },
        memberships: context.memberships,
      };
    },

    /** The signed-in user behind a bearer token, or undefined when the token is not valid. */
    async authenticate(token: string): Promise<AuthContext | undefined> {
      const identity = await tokens.verify(token);
      if (!identity) return undefined;
      const user = await findUserFor(identity);
      return user ? toAuthContext(user) : undefined;
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
