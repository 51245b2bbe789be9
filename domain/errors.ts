/** ApplicationFailure types shared by workflows, activities and the API that maps them to HTTP. */
export const FailureType = {
  InvalidInput: 'InvalidInput',
  NotFound: 'NotFound',
  Conflict: 'Conflict',
  /** An amount beyond Number.MAX_SAFE_INTEGER minor units: retrying cannot help, ops must look. */
  AmountOverflow: 'AmountOverflow',
} as const;
export type FailureType = (typeof FailureType)[keyof typeof FailureType];

/** Billing failures that are not the caller's to fix: the workflow acts on them instead of retrying. */
export const BillingFailure = {
  /** A cycle's bill cannot be computed (an amount beyond the safe integers): billing parks the cycle for ops. */
  CycleUnbillable: 'CycleUnbillable',
} as const;
