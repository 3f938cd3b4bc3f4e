import Link from 'next/link';
import type { User } from '@/lib/backend/profile';
import { SignOutButton } from './sign-out-button';

type SiteHeaderProps = { signedInUser: User | null };

export function SiteHeader({ signedInUser }: SiteHeaderProps) {
  return (
    <header className="site-header">
      <div className="container site-header-inner">
        <Link className="brand" href="/">
          <span className="brand-mark" aria-hidden="true">
            <svg viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round">
              <path d="M4 10v4M8 7v10M12 4v16M16 7v10M20 10v4" />
            </svg>
          </span>
          <span className="brand-name">Voxanne</span>
          <span className="brand-tag">Clinic dashboard</span>
        </Link>
        {signedInUser && (
          <div className="header-account">
            <span className="header-user" title={signedInUser.email}>
              {signedInUser.name}
            </span>
            <SignOutButton />
          </div>
        )}
      </div>
    </header>
  );
}
