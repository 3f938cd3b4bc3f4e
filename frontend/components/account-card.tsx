import type { Membership, Profile } from '@/lib/backend/profile';

const ROLE_LABELS: Record<string, string> = { owner: 'Owner', staff: 'Staff', admin: 'Platform admin' };

function initialsOf(clinicName: string): string {
  const words = clinicName.split(/\s+/).filter(Boolean);
  return words
    .slice(0, 2)
    .map((word) => word.charAt(0).toUpperCase())
    .join('');
}

function ClinicItem({ membership }: { membership: Membership }) {
  return (
    <li className="clinic-item">
      <span className="clinic-avatar" aria-hidden="true">
        {initialsOf(membership.clinicName)}
      </span>
      <span className="clinic-name">{membership.clinicName}</span>
      <span className={`role-badge role-${membership.role}`}>
        <span className="visually-hidden">Role: </span>
        {ROLE_LABELS[membership.role] ?? membership.role}
      </span>
    </li>
  );
}

export function AccountCard({ profile }: { profile: Profile }) {
  const { user, memberships } = profile;
  return (
    <section className="card" aria-labelledby="account-heading">
      <h2 id="account-heading">Your account</h2>
      <p className="signed-in-as">
        Signed in as <strong>{user.name}</strong> ({user.email})
      </p>
      <h3 className="section-label">Your clinics</h3>
      {memberships.length === 0 ? (
        <p className="muted">You are not a member of any clinic yet. Ask a clinic owner to invite you.</p>
      ) : (
        <ul className="clinic-list">
          {memberships.map((membership) => (
            <ClinicItem key={membership.clinicId} membership={membership} />
          ))}
        </ul>
      )}
    </section>
  );
}
