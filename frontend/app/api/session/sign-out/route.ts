import { signOut } from '@/lib/session/sign-out';

/** HTML forms can only POST, so the header's sign-out button lands here. */
export async function POST(request: Request): Promise<Response> {
  return signOut(request, 'redirect-home');
}
