import { describe, expect, it } from 'vitest';
import { CurrentUser, UserList } from '../../contract/users.ts';
import type { Harness, TestUser } from '../testing/harness.ts';
import { createUsers, expectJson, expectProblem, useHarness } from '../testing/fixtures.ts';

let h: Harness;
let alice: TestUser;
let carol: TestUser;
let bob: TestUser;
/** Dana belongs to Acme and to Beta; `danaInBeta` is the same user with Beta as its account. */
let dana: TestUser;
let danaInBeta: TestUser;

useHarness(async (harness) => {
  h = harness;
  ({ alice, carol, bob, dana, danaInBeta } = await createUsers(harness, {
    alice: ['Acme', 'alice@acme.test', 'Alice Archer'],
    carol: ['Acme', 'carol@acme.test', 'carol Cole'],
    bob: ['Beta', 'bob@beta.test', 'Bob Brown'],
    dana: ['Acme', 'dana@both.test', 'Dana Dunn'],
    danaInBeta: ['Beta', 'dana@both.test'],
  }));
});

/** A request without the account header, which the harness would otherwise add. */
function withoutAccount(user: TestUser, path: string): Promise<Response> {
  return Promise.resolve(
    h.app.request(`/results/api/v1${path}`, { headers: { authorization: `Bearer ${user.token}` } }),
  );
}

describe('GET /users/me', () => {
  it('answers the token’s user, the account of the request and all the user’s accounts', async () => {
    const me = await expectJson(await h.request(alice, 'GET', '/users/me'), 200, CurrentUser);
    expect(me).toEqual({
      user: { id: alice.userId, name: 'Alice Archer', email: 'alice@acme.test' },
      account: { id: alice.accountId, name: 'Acme' },
      accounts: [{ id: alice.accountId, name: 'Acme' }],
    });
  });

  it('answers the account named by the header for a user of two accounts', async () => {
    expect(dana.userId).toBe(danaInBeta.userId);
    const inAcme = await expectJson(await h.request(dana, 'GET', '/users/me'), 200, CurrentUser);
    const inBeta = await expectJson(
      await h.request(dana, 'GET', '/users/me', undefined, { 'gtmhub-accountId': bob.accountId }),
      200,
      CurrentUser,
    );
    expect(inAcme.account).toEqual({ id: alice.accountId, name: 'Acme' });
    expect(inBeta.account).toEqual({ id: bob.accountId, name: 'Beta' });
    for (const me of [inAcme, inBeta]) {
      expect(me.user).toEqual({ id: dana.userId, name: 'Dana Dunn', email: 'dana@both.test' });
      expect([...me.accounts].sort((a, b) => a.name.localeCompare(b.name))).toEqual([
        { id: alice.accountId, name: 'Acme' },
        { id: bob.accountId, name: 'Beta' },
      ]);
    }
    const viaOtherToken = await expectJson(
      await h.request(danaInBeta, 'GET', '/users/me', undefined, {
        'gtmhub-accountId': alice.accountId,
      }),
      200,
      CurrentUser,
    );
    expect(viaOtherToken).toEqual(inAcme);
  });

  it('is the user of the token, whoever else is in the account', async () => {
    const me = await expectJson(await h.request(carol, 'GET', '/users/me'), 200, CurrentUser);
    expect(me.user.id).toBe(carol.userId);
    expect(me.user.id).not.toBe(alice.userId);
  });

  it('works without the account header for a user of one account, and is 400 for a user of two', async () => {
    const me = await expectJson(await withoutAccount(alice, '/users/me'), 200, CurrentUser);
    expect(me.account.id).toBe(alice.accountId);
    const problem = await expectProblem(await withoutAccount(dana, '/users/me'), 400);
    expect(problem.errors?.[0]?.path).toBe('header.gtmhub-accountId');
  });

  it.each(['acme', '5BE26318E5274A0007F17F61', '5be26318e5274a0007f17f6'])(
    'answers 400 for the account header %s',
    async (header) => {
      const problem = await expectProblem(
        await h.request(alice, 'GET', '/users/me', undefined, { 'gtmhub-accountId': header }),
        400,
      );
      expect(problem.errors?.[0]?.path).toBe('header.gtmhub-accountId');
    },
  );

  it('answers 403 for an account the user is not a member of, and for an unknown account alike', async () => {
    const other = await expectProblem(
      await h.request(alice, 'GET', '/users/me', undefined, { 'gtmhub-accountId': bob.accountId }),
      403,
    );
    const unknown = await expectProblem(
      await h.request(alice, 'GET', '/users/me', undefined, {
        'gtmhub-accountId': 'ffffffffffffffffffffffff',
      }),
      403,
    );
    expect(unknown).toEqual(other);
  });

  it('answers 401 without a token', async () => {
    const res = await h.request(null, 'GET', '/users/me');
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    await expectProblem(res, 401);
  });

  it('answers 401 for a revoked token', async () => {
    await h.repos.accounts.revokeToken({ token: alice.token });
    await expectProblem(await h.request(alice, 'GET', '/users/me'), 401);
  });
});

describe('GET /users', () => {
  it('lists the users of the account by name', async () => {
    const list = await expectJson(await h.request(alice, 'GET', '/users'), 200, UserList);
    expect(list.items).toEqual([
      { id: alice.userId, name: 'Alice Archer', email: 'alice@acme.test' },
      { id: carol.userId, name: 'carol Cole', email: 'carol@acme.test' },
      { id: dana.userId, name: 'Dana Dunn', email: 'dana@both.test' },
    ]);
    expect(list.count).toBe(3);
    expect(list.totalCount).toBe(3);
  });

  it('lists only the members of the account of the request', async () => {
    const beta = await expectJson(await h.request(bob, 'GET', '/users'), 200, UserList);
    expect(beta.items.map((u) => u.id)).toEqual([bob.userId, dana.userId]);
    const danaBeta = await expectJson(
      await h.request(dana, 'GET', '/users', undefined, { 'gtmhub-accountId': bob.accountId }),
      200,
      UserList,
    );
    expect(danaBeta).toEqual(beta);
    const danaAcme = await expectJson(await h.request(dana, 'GET', '/users'), 200, UserList);
    expect(danaAcme.items.map((u) => u.id)).not.toContain(bob.userId);
  });

  it('shows a new member', async () => {
    const erin = await h.createUser('Acme', 'erin@acme.test', 'Erin');
    const list = await expectJson(await h.request(alice, 'GET', '/users'), 200, UserList);
    expect(list.items.map((u) => u.id)).toContain(erin.userId);
    expect(list.totalCount).toBe(4);
  });

  it('works without the account header for a user of one account, and is 400 for a user of two', async () => {
    const list = await expectJson(await withoutAccount(bob, '/users'), 200, UserList);
    expect(list.items.map((u) => u.id)).toEqual([bob.userId, dana.userId]);
    const problem = await expectProblem(await withoutAccount(danaInBeta, '/users'), 400);
    expect(problem.errors?.[0]?.path).toBe('header.gtmhub-accountId');
  });

  it('answers 400 for a malformed account header', async () => {
    const problem = await expectProblem(
      await h.request(alice, 'GET', '/users', undefined, { 'gtmhub-accountId': 'not-an-id' }),
      400,
    );
    expect(problem.errors?.[0]?.path).toBe('header.gtmhub-accountId');
  });

  it('answers 403 for an account the user is not a member of', async () => {
    await expectProblem(
      await h.request(alice, 'GET', '/users', undefined, { 'gtmhub-accountId': bob.accountId }),
      403,
    );
  });

  it('answers 401 without a token and with an unknown token', async () => {
    await expectProblem(await h.request(null, 'GET', '/users'), 401);
    await expectProblem(
      await h.request({ ...alice, token: 'kpi_not-a-real-token' }, 'GET', '/users'),
      401,
    );
  });

  it.each(['/api/v1', '/api/v2', '/results/api/v1', '/results/api/v2'])(
    'answers under %s',
    async (base) => {
      const list = await expectJson(await h.request(alice, 'GET', `${base}/users`), 200, UserList);
      expect(list.totalCount).toBe(3);
      const me = await expectJson(
        await h.request(alice, 'GET', `${base}/users/me`),
        200,
        CurrentUser,
      );
      expect(me.user.id).toBe(alice.userId);
    },
  );
});
