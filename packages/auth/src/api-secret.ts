/**
 * The fewest characters an API secret may have. Zoom's API and SDK secrets are alphanumeric strings of
 * some 32 to 36 characters; no real one is shorter than this, while a value this short is a truncated
 * copy, a placeholder or a test value, and one that would also be hard to keep out of printed text (it
 * occurs inside ordinary words).
 */
export const MIN_API_SECRET_LENGTH = 16;
