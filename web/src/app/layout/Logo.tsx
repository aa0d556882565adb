/** The Cordon mark: a shield with a cross, the same drawing as the favicon. */
export function Logo({ size = 32 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" role="img" aria-label="Cordon">
      <rect width="32" height="32" rx="7" fill="#1a56b8" />
      <path
        d="M16 5 7 8.5v6.8c0 5.6 3.8 10 9 11.7 5.2-1.7 9-6.1 9-11.7V8.5L16 5Z"
        fill="none"
        stroke="#fff"
        strokeWidth="2.2"
        strokeLinejoin="round"
      />
      <path d="M11.5 16h9M16 11.5v9" stroke="#f5a524" strokeWidth="2.6" strokeLinecap="round" />
    </svg>
  );
}
