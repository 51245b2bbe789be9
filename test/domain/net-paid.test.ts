import { describeNetPaid, netPaid } from '../../domain/net-paid';

const paid = (n: number, ref: string) => ({ n, outcome: 'paid', providerRef: ref });

describe('net paid', () => {
  it('is the total once paid, nothing after a lost dispute, the total again once a reopened debt is collected', () => {
    expect(netPaid(5000, { state: 'paid', attempts: [{ n: 1, outcome: 'declined' }, paid(2, 'pi_1')] }, [])).toEqual({
      collectedMinor: 5000,
      chargedBackMinor: 0,
      netMinor: 5000,
    });
    // Written off (the cycle stays paid) or reopened and not collected yet (due): paid nothing net.
    expect(netPaid(5000, { state: 'paid', attempts: [paid(1, 'pi_1')] }, [{ amountMinor: 5000 }]).netMinor).toBe(0);
    expect(netPaid(5000, { state: 'due', attempts: [paid(1, 'pi_1')] }, [{ amountMinor: 5000 }]).netMinor).toBe(0);
    const again = netPaid(5000, { state: 'paid', attempts: [paid(1, 'pi_1'), paid(2, 'pi_2')] }, [{ amountMinor: 5000 }]);
    expect(again).toEqual({ collectedMinor: 10000, chargedBackMinor: 5000, netMinor: 5000 });
    expect(describeNetPaid(again)).toBe('5000 paid net (10000 collected, 5000 charged back)');
  });

  it('counts a payment once however many attempts name it; a zero total or an invoice of no cycle is paid its total', () => {
    const twice = {
      state: 'paid',
      attempts: [
        { ...paid(1, 'ord_1'), captureRef: 'cap_1' },
        { ...paid(2, 'ord_1'), captureRef: 'cap_1' },
      ],
    };
    expect(netPaid(5000, twice, []).collectedMinor).toBe(5000);
    expect(netPaid(0, { state: 'paid' }, []).netMinor).toBe(0);
    expect(netPaid(5000, undefined, [{ amountMinor: 1200 }])).toEqual({ collectedMinor: 5000, chargedBackMinor: 1200, netMinor: 3800 });
    expect(describeNetPaid(netPaid(5000, undefined, []))).toBe('5000 paid');
  });
});
