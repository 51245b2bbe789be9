/**
 * A write refused only because a unique key is taken (MongoDB and FerretDB code 11000): the insert that
 * guards an effect, a number or a position found it already there. A bulk write is one when every one of its
 * write errors is.
 */
export function isDuplicateKey(error: unknown): boolean {
  const { writeErrors } = (error ?? {}) as { writeErrors?: { code?: number }[] };
  const errors = writeErrors?.length ? writeErrors : [error as { code?: number } | null];
  return errors.every((e) => e?.code === 11000);
}
