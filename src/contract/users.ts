import { z } from 'zod';
import { Id, listResponse } from './common.ts';

export const User = z.object({ id: Id, name: z.string(), email: z.string() }).meta({ id: 'User' });
export type User = z.infer<typeof User>;

export const UserList = listResponse(User).meta({ id: 'Users' });

export const CurrentUser = z
  .object({
    user: User,
    account: z.object({ id: Id, name: z.string() }),
    accounts: z.array(z.object({ id: Id, name: z.string() })),
  })
  .meta({ id: 'CurrentUser' });
export type CurrentUser = z.infer<typeof CurrentUser>;
