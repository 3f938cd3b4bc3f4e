import { readConfig } from '@/lib/config';
import { clearRejectedSession } from '@/lib/session/expired-session';

export async function GET(request: Request): Promise<Response> {
  return clearRejectedSession(request, readConfig());
}
