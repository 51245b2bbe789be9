/** ApplicationFailure types shared by workflows, activities and the API that maps them to HTTP. */
export const FailureType = {
  InvalidInput: 'InvalidInput',
  NotFound: 'NotFound',
  Conflict: 'Conflict',
  /** An amount beyond Number.MAX_SAFE_INTEGER minor units: retrying cannot help, ops must look. */
  AmountOverflow: 'AmountOverflow',
} as const;
export type FailureType = (typeof FailureType)[keyof typeof FailureType];
