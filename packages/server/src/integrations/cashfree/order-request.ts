import { createHash } from 'node:crypto';
import type { CreateOrderRequest, CustomerDetails } from 'cashfree-pg';
import type { PaymentRequest } from '../../providers/payment-provider';
import { toMajorUnits } from './amounts';

/**
 * Cashfree requires a customer phone on every order. A tipper rarely gives one, and Cashfree's checkout asks the
 * payer for what their payment method needs, so without one we send this documented placeholder.
 */
export const PLACEHOLDER_CUSTOMER_PHONE = '9999999999';

const ORDER_ID_PATTERN = /^[A-Za-z0-9_-]{3,45}$/;
const CUSTOMER_ID_MAX = 50;
const ORDER_NOTE_MAX = 200;
const CUSTOMER_NAME = { min: 3, max: 100 };
const CUSTOMER_EMAIL_MAX = 100;

/**
 * Our Cashfree order id for a tip: `tip_<tip id>`. Cashfree allows 3–45 characters of `[A-Za-z0-9_-]`; a tip id is a
 * UUID (36 characters), so this is 40. One order per tip: a retried create finds the same order instead of a second.
 */
export function cashfreeOrderId(tipId: string): string {
  const orderId = `tip_${tipId}`;
  if (!ORDER_ID_PATTERN.test(orderId)) throw new RangeError(`Tip id ${JSON.stringify(tipId)} does not make a valid Cashfree order id`);
  return orderId;
}

/**
 * Cashfree wants an alphanumeric customer id. Tips are not tied to a Cashfree customer account, so the id is per
 * tip and stable across retries: `tip` + the tip id's letters and digits, or a hash of the tip id if that is too long.
 */
export function cashfreeCustomerId(tipId: string): string {
  const id = `tip${tipId.replace(/[^A-Za-z0-9]/g, '')}`;
  if (id.length > 3 && id.length <= CUSTOMER_ID_MAX) return id;
  return `tip${createHash('sha256').update(tipId).digest('hex').slice(0, 40)}`;
}

/**
 * The PGCreateOrder body for a tip: amount in major units, both URLs, the tip id as a tag. Free text is cut to
 * Cashfree's documented lengths (whole characters, so an emoji is never split), and a name shorter than its minimum
 * is left out rather than padded: the order matters more than the name on it.
 */
export function createOrderRequest(request: PaymentRequest): CreateOrderRequest {
  const name = cut(request.tipper.name.trim(), CUSTOMER_NAME.max);
  const email = request.tipper.email?.trim() ?? '';
  const customer: CustomerDetails = {
    customer_id: cashfreeCustomerId(request.tipId),
    customer_phone: request.tipper.phone?.trim() || PLACEHOLDER_CUSTOMER_PHONE,
    ...(Array.from(name).length >= CUSTOMER_NAME.min ? { customer_name: name } : {}),
    ...(email !== '' && email.length <= CUSTOMER_EMAIL_MAX ? { customer_email: email } : {}),
  };
  const note = cut(request.description.trim(), ORDER_NOTE_MAX);
  return {
    order_id: cashfreeOrderId(request.tipId),
    order_amount: toMajorUnits(request.amount, request.currency),
    order_currency: request.currency,
    customer_details: customer,
    order_meta: { return_url: request.returnUrl, notify_url: request.notifyUrl },
    ...(note !== '' ? { order_note: note } : {}),
    order_tags: { tip_id: request.tipId, channel_id: request.channelId },
  };
}

function cut(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length > max ? chars.slice(0, max).join('') : text;
}
