export { topUpWorkflow } from './top-up';
export { lateBankCreditWorkflow } from './late-bank-credit';
