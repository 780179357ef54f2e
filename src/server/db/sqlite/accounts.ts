import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../connection.ts';
import type { AccountRepository, AuthenticatedUser } from '../repositories.ts';
import type { User } from '../../../contract/users.ts';
import { newId } from '../../domain/ids.ts';
import { badRequest } from '../../errors.ts';
import { createReports } from './dashboards.ts';
import { statementCache, writeTransaction, type ChangeClock } from './shared.ts';

const TOKEN_PREFIX = 'kpi_';

/** Tokens are stored as SHA-256 digests: high-entropy secrets need no slow hash, and lookups stay O(1). */
export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest();

export function newToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export function createAccountRepository(db: Db, clock: ChangeClock): AccountRepository {
  const stmt = statementCache(db);
  // Every request authenticates; cache token lookups and memberships until another
  // connection commits (the admin command revoking a token) or this one changes them.
  let seenVersion = clock.otherWrites();
  const tokens = new Map<string, AuthenticatedUser>();
  const members = new Map<string, boolean>();
  const forget = () => {
    tokens.clear();
    members.clear();
  };
  const fresh = () => {
    const version = clock.otherWrites();
    if (version !== seenVersion) {
      seenVersion = version;
      forget();
    }
  };

  const createUserTx = writeTransaction(
    db,
    (input: { account: string; email: string; name?: string }) => {
      const now = Date.now();
      let accountCreated = false;
      let account = stmt('SELECT id FROM accounts WHERE name = ?').get(input.account) as
        { id: string } | undefined;
      if (!account) {
        account = { id: newId(now) };
        stmt('INSERT INTO accounts (id, name, date_created) VALUES (?, ?, ?)').run(
          account.id,
          input.account,
          now,
        );
        accountCreated = true;
      }
      let user = stmt('SELECT id FROM users WHERE email = ?').get(input.email) as
        { id: string } | undefined;
      if (!user) {
        user = { id: newId(now) };
        const name = input.name?.trim() || input.email.split('@')[0]!;
        stmt('INSERT INTO users (id, email, name, date_created) VALUES (?, ?, ?, ?)').run(
          user.id,
          input.email,
          name,
          now,
        );
      } else if (input.name?.trim()) {
        stmt('UPDATE users SET name = ? WHERE id = ?').run(input.name.trim(), user.id);
      }
      stmt(
        'INSERT OR IGNORE INTO memberships (account_id, user_id, date_created) VALUES (?, ?, ?)',
      ).run(account.id, user.id, now);
      if (accountCreated) createReports(db, account.id, user.id, now);
      const token = issueToken(user.id, input.account);
      return { accountId: account.id, userId: user.id, token, accountCreated };
    },
  );

  function issueToken(userId: string, label: string): string {
    const token = newToken();
    stmt('INSERT INTO tokens (id, user_id, hash, label, date_created) VALUES (?, ?, ?, ?, ?)').run(
      newId(),
      userId,
      hashToken(token),
      label,
      Date.now(),
    );
    return token;
  }

  return {
    authenticate: async (token) => {
      fresh();
      // Keyed by the token itself: a hit costs no hashing. Unknown tokens are not remembered,
      // so guessing cannot fill the cache.
      const cached = tokens.get(token);
      if (cached) return cached;
      const row = stmt(
        `SELECT t.id AS token_id, u.id, u.name, u.email FROM tokens t JOIN users u ON u.id = t.user_id
         WHERE t.hash = ? AND t.date_revoked IS NULL`,
      ).get(hashToken(token)) as (User & { token_id: string }) | undefined;
      if (!row) return null;
      const found = {
        user: { id: row.id, name: row.name, email: row.email },
        tokenId: row.token_id,
      };
      if (tokens.size >= 10_000) tokens.clear();
      tokens.set(token, found);
      return found;
    },
    // Runs after authenticate in every request, which has just checked for other writers.
    isMember: async (accountId, userId) => {
      const key = `${accountId}:${userId}`;
      let member = members.get(key);
      if (member === undefined) {
        member =
          stmt('SELECT 1 FROM memberships WHERE account_id = ? AND user_id = ?').get(
            accountId,
            userId,
          ) !== undefined;
        if (members.size >= 10_000) members.clear();
        members.set(key, member);
      }
      return member;
    },
    accountsOf: async (userId) =>
      stmt(
        `SELECT a.id, a.name FROM memberships m JOIN accounts a ON a.id = m.account_id
         WHERE m.user_id = ? ORDER BY m.date_created, a.id`,
      ).all(userId) as { id: string; name: string }[],
    users: async (accountId) =>
      stmt(
        `SELECT u.id, u.name, u.email FROM memberships m JOIN users u ON u.id = m.user_id
         WHERE m.account_id = ? ORDER BY u.name COLLATE NOCASE, u.id`,
      ).all(accountId) as User[],
    createUser: async (input) => {
      forget();
      if (input.account.trim() === '') throw badRequest('account name is required');
      if (!/^[^\s@]+@[^\s@]+$/.test(input.email))
        throw badRequest(`${input.email} is not an email address`);
      // Immediate: it reads then writes, and must wait for other writers rather than fail.
      return createUserTx({ ...input, account: input.account.trim() });
    },
    issueToken: async (userId, label) => issueToken(userId, label),
    listUsers: async () =>
      stmt(
        `SELECT a.id AS accountId, a.name AS account, u.id AS userId, u.email, u.name,
           (SELECT count(*) FROM tokens t WHERE t.user_id = u.id AND t.date_revoked IS NULL) AS tokens
         FROM memberships m JOIN accounts a ON a.id = m.account_id JOIN users u ON u.id = m.user_id
         ORDER BY a.name, u.email`,
      ).all() as {
        accountId: string;
        account: string;
        userId: string;
        email: string;
        name: string;
        tokens: number;
      }[],
    revokeToken: async ({ token, email }) => {
      forget();
      const now = Date.now();
      if (token) {
        return stmt(
          'UPDATE tokens SET date_revoked = ? WHERE hash = ? AND date_revoked IS NULL',
        ).run(now, hashToken(token)).changes;
      }
      if (email) {
        return stmt(
          `UPDATE tokens SET date_revoked = ? WHERE date_revoked IS NULL
           AND user_id = (SELECT id FROM users WHERE email = ?)`,
        ).run(now, email).changes;
      }
      throw badRequest('a token or an email is required');
    },
  };
}
