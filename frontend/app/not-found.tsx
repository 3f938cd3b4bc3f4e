import Link from 'next/link';

export default function NotFound() {
  return (
    <main id="main" className="container page">
      <div className="card">
        <h1>Not found</h1>
        <p className="muted">This page does not exist, or it belongs to a clinic you are not a member of.</p>
        <p>
          <Link href="/">Back to your dashboard</Link>
        </p>
      </div>
    </main>
  );
}
