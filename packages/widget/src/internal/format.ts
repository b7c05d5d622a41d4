/**
 * Money in every widget bundle (viewer, overlays, dashboard) is the SDK's one implementation (its protocol's
 * money.ts), under the names the widget calls it by: `formatAmount(150050, 'INR', 'hi')` → `₹1,500.50`, and
 * `parseAmount('12.5', 'USD')` → 1250 (null when it is not an amount). Taken through the lite entry, not
 * `@tipchat/sdk/protocol`: that entry carries zod schemas, which a script-tag bundle must not even parse.
 */
export { formatMoney as formatAmount, minorToDecimalString, parseMoneyInput as parseAmount } from '@tipchat/sdk/lite';
