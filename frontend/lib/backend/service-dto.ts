/** An item of `GET /clinics/:id/services`: what the Agent page edits and the Appointments page books. */
export type ClinicService = {
  id: string;
  name: string;
  description: string | null;
  durationMinutes: number;
  priceMinor: number | null;
  currency: string;
  depositMinor: number;
  /** false: retired (listed only with `?includeInactive=true`), not offered or bookable. */
  isActive: boolean;
  practitioners: { id: string; name: string; title: string | null }[];
};
