/** Writes a customer's change to the organization document, for the billing workflow (its single writer). */
import type { OrganizationChange } from '../workflows/definitions';
import type { ActivityContext } from './context';

export function createOrganizationChangeActivity({ models }: ActivityContext) {
  async function applyOrganizationChange({ orgId, change }: { orgId: string; change: OrganizationChange }): Promise<void> {
    await models.Organization.updateOne({ _id: orgId }, { $set: change });
  }
  return { applyOrganizationChange };
}
