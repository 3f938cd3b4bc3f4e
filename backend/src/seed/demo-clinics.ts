/**
 * The two demo clinics of the contract (§3) and the facts of shared/demo-clinics.md that live
 * in tables rather than in the knowledge base. Development data only: `seedDemoData` refuses
 * to run in production, so these passwords never exist there.
 */
export type DemoService = {
  name: string;
  durationMinutes: number;
  priceMinor: number | null;
  depositMinor?: number;
  description?: string;
  /** Names of practitioners who perform it. */
  practitioners: string[];
};

export type DemoClinic = {
  slug: string;
  name: string;
  timezone: string;
  countryCode: string;
  phone: { e164: string; vapiPhoneNumberId: string };
  settings: Record<string, unknown>;
  users: { email: string; name: string; password: string; role: 'owner' | 'staff' }[];
  practitioners: { name: string; title: string }[];
  services: DemoService[];
  /** ISO weekday (1 = Monday) → [opens, closes] local time. */
  openingHours: [number, string, string][];
};

const HARLEY_INJECTORS = ['Dr Amelia Hart', 'Nurse Priya Shah'];
const HARLEY_SKIN = ['Sophie Lane'];
const ALL_HARLEY = [...HARLEY_INJECTORS, ...HARLEY_SKIN];
const INJECTABLE_DEPOSIT = 5_000;

export const DEMO_CLINICS: DemoClinic[] = [
  {
    slug: 'demo',
    name: 'Harley Street Aesthetics',
    timezone: 'Europe/London',
    countryCode: 'GB',
    phone: { e164: '+442079460000', vapiPhoneNumberId: 'pn_demo' },
    settings: {
      agent: {
        name: 'Ava',
        firstMessage:
          'Hello, thank you for calling Harley Street Aesthetics. I’m Ava, the clinic’s AI assistant, and this call may be recorded. How can I help you today?',
        voice: { provider: 'azure', voiceId: 'en-GB-SoniaNeural' },
        instructions:
          'Warm, concise and professional. Offer the free consultation to anyone unsure which treatment suits them.',
      },
      onCallNumber: '+447700900123',
      emergencyLine: '+447700900123',
      safeMode: true,
      recordingNotice: true,
      languages: ['English', 'Spanish', 'Hindi'],
    },
    users: [
      { email: 'owner@demo.clinic', name: 'Dr Amelia Hart', password: 'demo-owner-pass', role: 'owner' },
      { email: 'staff@demo.clinic', name: 'Grace Miller', password: 'demo-staff-pass', role: 'staff' },
    ],
    practitioners: [
      { name: 'Dr Amelia Hart', title: 'GMC-registered aesthetic doctor, medical director' },
      { name: 'Nurse Priya Shah', title: 'Independent nurse prescriber' },
      { name: 'Sophie Lane', title: 'Senior aesthetician: skin treatments and laser' },
    ],
    services: [
      { name: 'Free consultation', durationMinutes: 30, priceMinor: 0, practitioners: ALL_HARLEY },
      { name: 'Anti-wrinkle injections (1 area)', durationMinutes: 30, priceMinor: 18_000, depositMinor: INJECTABLE_DEPOSIT, practitioners: HARLEY_INJECTORS },
      { name: 'Anti-wrinkle injections (2 areas)', durationMinutes: 30, priceMinor: 25_000, depositMinor: INJECTABLE_DEPOSIT, practitioners: HARLEY_INJECTORS },
      { name: 'Anti-wrinkle injections (3 areas)', durationMinutes: 30, priceMinor: 30_000, depositMinor: INJECTABLE_DEPOSIT, practitioners: HARLEY_INJECTORS },
      { name: 'Lip filler (1 ml)', durationMinutes: 45, priceMinor: 28_000, depositMinor: INJECTABLE_DEPOSIT, practitioners: HARLEY_INJECTORS },
      { name: 'Cheek filler', durationMinutes: 45, priceMinor: 35_000, depositMinor: INJECTABLE_DEPOSIT, practitioners: HARLEY_INJECTORS },
      { name: 'Tear-trough filler', durationMinutes: 45, priceMinor: 40_000, depositMinor: INJECTABLE_DEPOSIT, practitioners: ['Dr Amelia Hart'] },
      { name: 'Profhilo skin booster', durationMinutes: 30, priceMinor: 32_000, depositMinor: INJECTABLE_DEPOSIT, description: 'Course of 2 sessions 4 weeks apart; price per session', practitioners: HARLEY_INJECTORS },
      { name: 'Chemical peel', durationMinutes: 45, priceMinor: 9_500, practitioners: HARLEY_SKIN },
      { name: 'Microneedling', durationMinutes: 60, priceMinor: 20_000, practitioners: HARLEY_SKIN },
      { name: 'HydraFacial', durationMinutes: 60, priceMinor: 15_000, practitioners: HARLEY_SKIN },
      { name: 'Laser hair removal (small area)', durationMinutes: 15, priceMinor: 6_000, description: 'Upper lip or chin; patch test 48 hours before the first session', practitioners: HARLEY_SKIN },
      { name: 'Laser hair removal (underarms)', durationMinutes: 20, priceMinor: 9_000, description: 'Patch test 48 hours before the first session', practitioners: HARLEY_SKIN },
      { name: 'Laser hair removal (full legs)', durationMinutes: 60, priceMinor: 25_000, description: 'Patch test 48 hours before the first session', practitioners: HARLEY_SKIN },
    ],
    openingHours: [
      [1, '09:00', '18:00'],
      [2, '09:00', '18:00'],
      [3, '09:00', '18:00'],
      [4, '09:00', '18:00'],
      [5, '09:00', '18:00'],
      [6, '10:00', '14:00'],
    ],
  },
  {
    slug: 'northside',
    name: 'Northside Dental',
    timezone: 'Europe/London',
    countryCode: 'GB',
    phone: { e164: '+441614960000', vapiPhoneNumberId: 'pn_northside' },
    settings: {
      agent: {
        name: 'Sam',
        firstMessage:
          'Hello, you’re through to Northside Dental. I’m Sam, the practice’s AI assistant, and this call may be recorded. How can I help?',
        voice: { provider: 'azure', voiceId: 'en-GB-RyanNeural' },
        instructions: 'Friendly and efficient. Out of hours, remind callers that NHS 111 can help.',
      },
      safeMode: true,
      recordingNotice: true,
      outOfHoursAdvice: 'NHS 111',
    },
    users: [{ email: 'owner@northside.clinic', name: 'Dr Tom Okafor', password: 'demo-owner-pass', role: 'owner' }],
    practitioners: [
      { name: 'Dr Tom Okafor', title: 'Principal dentist' },
      { name: 'Dr Lena Fischer', title: 'Dentist, Invisalign provider' },
      { name: 'Mia Brooks', title: 'Hygienist' },
    ],
    services: [
      { name: 'Check-up', durationMinutes: 30, priceMinor: 5_500, practitioners: ['Dr Tom Okafor', 'Dr Lena Fischer'] },
      { name: 'Hygienist clean', durationMinutes: 45, priceMinor: 7_000, practitioners: ['Mia Brooks'] },
      { name: 'White filling', durationMinutes: 45, priceMinor: 12_000, description: 'From £120', practitioners: ['Dr Tom Okafor', 'Dr Lena Fischer'] },
      { name: 'Root canal treatment', durationMinutes: 90, priceMinor: 45_000, description: 'From £450', practitioners: ['Dr Tom Okafor'] },
      { name: 'Crown', durationMinutes: 60, priceMinor: 65_000, description: 'From £650', practitioners: ['Dr Tom Okafor', 'Dr Lena Fischer'] },
      { name: 'Teeth whitening (home kit)', durationMinutes: 30, priceMinor: 35_000, practitioners: ['Dr Tom Okafor', 'Dr Lena Fischer'] },
      { name: 'Invisalign consultation', durationMinutes: 30, priceMinor: 0, practitioners: ['Dr Lena Fischer'] },
      { name: 'Same-day emergency appointment', durationMinutes: 30, priceMinor: 8_500, practitioners: ['Dr Tom Okafor', 'Dr Lena Fischer'] },
    ],
    openingHours: [
      [1, '08:00', '19:00'],
      [2, '08:00', '19:00'],
      [3, '08:00', '19:00'],
      [4, '08:00', '19:00'],
      [5, '08:00', '17:00'],
      [6, '09:00', '13:00'],
    ],
  },
];
