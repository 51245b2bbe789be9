// The portal's only script: Stripe's Payment Element for a card set-up, and Stripe.js's 3-D Secure step for
// a payment that needs it. Card details go from Stripe's field straight to Stripe; this page only learns
// the SetupIntent or PaymentIntent id from Stripe's redirect or answer.
(() => {
  const form = document.getElementById('card-form');
  if (!form) return;
  const message = document.getElementById('card-message');
  const button = document.getElementById('card-submit');
  const say = (text) => {
    message.textContent = text;
    button.disabled = false;
  };
  if (typeof window.Stripe !== 'function') {
    say('The card form could not load (Stripe.js). Check your connection and reload the page.');
    return;
  }
  const stripe = window.Stripe(form.dataset.publishableKey);

  if (form.dataset.mode === 'setup') {
    const elements = stripe.elements({ clientSecret: form.dataset.clientSecret });
    // The card holder name is our own field, sent to Stripe as the payment method's billing details.
    elements.create('payment', { fields: { billingDetails: { name: 'never' } } }).mount('#payment-element');
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      button.disabled = true;
      message.textContent = '';
      const name = document.getElementById('cardholder').value.trim();
      if (!name) return say('Enter the card holder name.');
      const { error } = await stripe.confirmSetup({
        elements,
        confirmParams: { return_url: form.dataset.returnUrl, payment_method_data: { billing_details: { name } } },
      });
      // On success Stripe.js has already navigated to the return URL.
      if (error) say(error.message || 'The card could not be saved.');
    });
    return;
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    button.disabled = true;
    message.textContent = '';
    const { error, paymentIntent } = await stripe.confirmCardPayment(form.dataset.clientSecret, {
      payment_method: form.dataset.paymentMethod,
      return_url: form.dataset.returnUrl,
    });
    if (error) return say(error.message || 'The payment was not confirmed.');
    document.getElementById('confirmed-intent').value = paymentIntent.id;
    document.getElementById('confirmed-form').submit();
  });
})();
