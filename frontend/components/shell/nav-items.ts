export type NavItem = { segment: string; label: string; icon: string; managersOnly?: boolean };

/** Sections of a clinic, in sidebar order; `segment` is the path under `/clinics/<id>`. */
export const NAV_ITEMS: NavItem[] = [
  { segment: '', label: 'Overview', icon: 'M3 13h8V3H3zm10 8h8V11h-8zM3 21h8v-6H3zm10-18v6h8V3z' },
  { segment: 'live', label: 'Live calls', icon: 'M12 3a3 3 0 0 0-3 3v6a3 3 0 0 0 6 0V6a3 3 0 0 0-3-3zM5 11a7 7 0 0 0 14 0M12 18v3' },
  { segment: 'calls', label: 'Calls', icon: 'M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2' },
  { segment: 'appointments', label: 'Appointments', icon: 'M4 6h16v14H4zM4 10h16M8 3v4M16 3v4' },
  { segment: 'messages', label: 'Messages', icon: 'M4 5h16v11H8l-4 4z' },
  { segment: 'escalations', label: 'Escalations', icon: 'M12 3 2 20h20zM12 10v4M12 17h.01' },
  { segment: 'knowledge', label: 'Knowledge base', icon: 'M4 4h7a3 3 0 0 1 3 3v13a2 2 0 0 0-2-2H4zM20 4h-5a3 3 0 0 0-1 .2M20 4v14h-6' },
  { segment: 'agent', label: 'Agent', icon: 'M12 8V4M8 4h8M5 8h14v10H5zM9 13h.01M15 13h.01', managersOnly: true },
];

export function navItemsFor(canManage: boolean): NavItem[] {
  return NAV_ITEMS.filter((item) => canManage || !item.managersOnly);
}

export function clinicHref(clinicId: string, segment: string): string {
  return segment ? `/clinics/${clinicId}/${segment}` : `/clinics/${clinicId}`;
}

/** The section a pathname is in, so switching clinic keeps the user on the same page. */
export function sectionOf(pathname: string): string {
  const [, , , segment = ''] = pathname.split('/');
  return NAV_ITEMS.some((item) => item.segment === segment) ? segment : '';
}
