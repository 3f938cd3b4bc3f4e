import { readConfig } from '@/lib/config';
import { signIn } from '@/lib/session/sign-in';
import { signOut } from '@/lib/session/sign-out';

export async function POST(request: Request): Promise<Response> {
  return signIn(request, readConfig());
}

export async function DELETE(request: Request): Promise<Response> {
  return signOut(request, 'no-content');
}
