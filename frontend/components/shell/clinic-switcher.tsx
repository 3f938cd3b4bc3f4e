'use client';

import { usePathname, useRouter } from 'next/navigation';
import { clinicHref, sectionOf } from './nav-items';

type ClinicOption = { id: string; name: string };

/** Shown only to people who belong to more than one clinic; keeps the current section. */
export function ClinicSwitcher({ clinics, currentId }: { clinics: ClinicOption[]; currentId: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const current = clinics.find((clinic) => clinic.id === currentId);
  if (clinics.length < 2) return <span className="clinic-switcher-name">{current?.name}</span>;
  return (
    <label className="clinic-switcher">
      <span className="visually-hidden">Clinic</span>
      <select value={currentId} onChange={(event) => router.push(clinicHref(event.target.value, sectionOf(pathname)))}>
        {clinics.map((clinic) => (
          <option key={clinic.id} value={clinic.id}>
            {clinic.name}
          </option>
        ))}
      </select>
    </label>
  );
}
