'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useState } from 'react';
import { clinicHref, navItemsFor, sectionOf } from './nav-items';

type SideNavProps = { clinicId: string; canManage: boolean };

function NavIcon({ path }: { path: string }) {
  return (
    <svg viewBox="0 0 24 24" width="18" height="18" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d={path} />
    </svg>
  );
}

export function SideNav({ clinicId, canManage }: SideNavProps) {
  const pathname = usePathname();
  const current = sectionOf(pathname);
  const [isOpen, setOpen] = useState(false);

  useEffect(() => setOpen(false), [pathname]);

  return (
    <nav className="side-nav" aria-label="Clinic sections">
      <button
        type="button"
        className="side-nav-toggle button button-secondary button-small"
        aria-expanded={isOpen}
        aria-controls="side-nav-list"
        onClick={() => setOpen((open) => !open)}
      >
        Menu
      </button>
      <ul id="side-nav-list" className={isOpen ? 'side-nav-list is-open' : 'side-nav-list'}>
        {navItemsFor(canManage).map((item) => (
          <li key={item.segment || 'overview'}>
            <Link
              href={clinicHref(clinicId, item.segment)}
              className="side-nav-link"
              aria-current={current === item.segment ? 'page' : undefined}
            >
              <NavIcon path={item.icon} />
              <span>{item.label}</span>
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
