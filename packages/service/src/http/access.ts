// Bearer tokens: who is calling, and whether that caller may use a route. Two tokens from the
// config, a read token and an operator token; `read` routes take either, `operator` routes
// only the operator's. Tokens are compared in constant time: both sides are hashed first,
// so the comparison neither leaks a prefix nor the token's length.
import { createHash, timingSafeEqual } from 'node:crypto';
import { HttpError } from './problem.ts';

/** Who may call a route. */
export type Access = 'public' | 'read' | 'operator';
/** Who called, as far as the tokens tell. */
export type Caller = 'operator' | 'read' | 'anonymous';

export interface ApiTokens {
  readonly read?: string | undefined;
  readonly operator?: string | undefined;
}

export interface Authorizer {
  /** False when no token is configured: every route is open and every caller anonymous. */
  readonly enabled: boolean;
  /** The caller of a request with this Authorization header; throws a 401/403 HttpError when it may not use the route. */
  authorize(access: Access, authorization: string | undefined): Caller;
}

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

export function createAuthorizer(tokens: ApiTokens, realm: string): Authorizer {
  const readDigest = tokens.read === undefined ? undefined : digest(tokens.read);
  const operatorDigest = tokens.operator === undefined ? undefined : digest(tokens.operator);
  const enabled = readDigest !== undefined || operatorDigest !== undefined;
  const challenge = (error?: string) =>
    error === undefined ? `Bearer realm="${realm}"` : `Bearer realm="${realm}", error="${error}"`;

  const callerOf = (presented: string | undefined): Caller | 'invalid' => {
    if (presented === undefined) return 'anonymous';
    const presentedDigest = digest(presented);
    // Both comparisons always run, so the time taken does not say which token was close.
    const isOperator = operatorDigest !== undefined && timingSafeEqual(presentedDigest, operatorDigest);
    const isRead = readDigest !== undefined && timingSafeEqual(presentedDigest, readDigest);
    return isOperator ? 'operator' : isRead ? 'read' : 'invalid';
  };

  return {
    enabled,
    authorize(access, authorization) {
      if (!enabled) return 'anonymous';
      const caller = callerOf(bearerToken(authorization));
      if (access === 'public') return caller === 'invalid' ? 'anonymous' : caller;
      if (caller === 'anonymous')
        throw new HttpError(401, `this route needs a bearer token (${access} access)`, {
          headers: { 'www-authenticate': challenge() },
        });
      if (caller === 'invalid')
        throw new HttpError(401, 'the bearer token is not valid', {
          headers: { 'www-authenticate': challenge('invalid_token') },
        });
      if (access === 'operator' && caller !== 'operator')
        throw new HttpError(403, 'this route needs the operator token; the read token does not allow it', {
          headers: { 'www-authenticate': challenge('insufficient_scope') },
        });
      return caller;
    },
  };
}

/** The token of an `Authorization: Bearer <token>` header (scheme case-insensitive); undefined otherwise. */
function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? '');
  return match?.[1];
}
