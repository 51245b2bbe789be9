// A test double of the part of Stripe.js (https://js.stripe.com/v3/) the portal uses, served by the browser
// suite in place of the real script, which cannot be fetched here. It calls Stripe's browser endpoints on
// https://api.stripe.com with the publishable key and the intent's client secret, as Stripe.js does; the
// suite routes that host to the Stripe fake (test/fakes/stripe.ts). The card fields are plain inputs
// without names (Stripe's live in its own iframe), so a form post could never carry them to our server.
(() => {
  const API = 'https://api.stripe.com/v1';
  const intentId = (clientSecret) => clientSecret.split('_secret_')[0];

  function field(container, id, label, autocomplete) {
    const wrap = document.createElement('div');
    const labelEl = document.createElement('label');
    labelEl.htmlFor = id;
    labelEl.textContent = label;
    const input = document.createElement('input');
    input.id = id;
    input.autocomplete = autocomplete;
    input.inputMode = 'numeric';
    wrap.append(labelEl, input);
    container.append(wrap);
    return input;
  }

  window.Stripe = function Stripe(key) {
    const post = async (path, params) => {
      const body = new URLSearchParams({ ...params, key });
      const response = await fetch(`${API}${path}`, { method: 'POST', body });
      const json = await response.json();
      return response.ok ? { ok: json } : { error: json.error };
    };
    let inputs;
    return {
      elements({ clientSecret }) {
        return {
          clientSecret,
          create() {
            return {
              mount(selector) {
                const container = document.querySelector(selector);
                inputs = {
                  number: field(container, 'stripe-card-number', 'Card number', 'cc-number'),
                  expiry: field(container, 'stripe-card-expiry', 'Expiration date (MM / YY)', 'cc-exp'),
                  cvc: field(container, 'stripe-card-cvc', 'Security code', 'cc-csc'),
                };
              },
            };
          },
        };
      },
      async confirmSetup({ elements, confirmParams }) {
        const [month, year] = inputs.expiry.value.split('/').map((part) => part.trim());
        const id = intentId(elements.clientSecret);
        const result = await post(`/setup_intents/${id}/confirm`, {
          client_secret: elements.clientSecret,
          return_url: confirmParams.return_url,
          'payment_method_data[type]': 'card',
          'payment_method_data[card][number]': inputs.number.value,
          'payment_method_data[card][exp_month]': month ?? '',
          'payment_method_data[card][exp_year]': year ?? '',
          'payment_method_data[card][cvc]': inputs.cvc.value,
          'payment_method_data[billing_details][name]': confirmParams.payment_method_data?.billing_details?.name ?? '',
        });
        if (result.error) return { error: result.error };
        const back = new URL(confirmParams.return_url);
        back.searchParams.set('setup_intent', id);
        back.searchParams.set('setup_intent_client_secret', elements.clientSecret);
        back.searchParams.set('redirect_status', 'succeeded');
        window.location.assign(back.toString());
        return new Promise(() => {});
      },
      async confirmCardPayment(clientSecret, { payment_method: paymentMethod }) {
        // Stripe.js shows the bank's 3-D Secure challenge in a frame; the double shows its two answers.
        const approved = await new Promise((resolve) => {
          const dialog = document.createElement('div');
          dialog.setAttribute('role', 'dialog');
          dialog.setAttribute('aria-modal', 'true');
          dialog.setAttribute('aria-label', '3-D Secure authentication');
          const title = document.createElement('h2');
          title.textContent = '3-D Secure: your bank asks you to approve this payment';
          const ok = document.createElement('button');
          ok.type = 'button';
          ok.textContent = 'Complete authentication';
          const fail = document.createElement('button');
          fail.type = 'button';
          fail.textContent = 'Fail authentication';
          const answer = (value) => () => {
            dialog.remove();
            resolve(value);
          };
          ok.addEventListener('click', answer(true));
          fail.addEventListener('click', answer(false));
          dialog.append(title, ok, fail);
          document.querySelector('main').append(dialog);
          ok.focus();
        });
        if (!approved)
          return {
            error: {
              type: 'card_error',
              code: 'payment_intent_authentication_failure',
              message: 'We are unable to authenticate your payment method.',
            },
          };
        const result = await post(`/payment_intents/${intentId(clientSecret)}/confirm`, {
          client_secret: clientSecret,
          payment_method: paymentMethod,
        });
        return result.error ? { error: result.error } : { paymentIntent: result.ok };
      },
    };
  };
})();
