// The error a promise rejects with, for tests that look into it (message, fields, cause).
import { expect } from 'vitest';

/**
 * What `promise` rejects with, checked to be an instance of `type` (default: any Error); fails the
 * test when the promise resolves instead.
 */
export async function rejection<T extends Error = Error>(
  promise: Promise<unknown>,
  type: abstract new (...args: never[]) => T = Error as unknown as abstract new (
    ...args: never[]
  ) => T,
): Promise<T> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(type);
  return outcome as T;
}
