/** A provider's payment step mounted in the tip form: `pay()` answers an error message, or null once the provider took the payment. */
export interface PaymentStep {
  pay(): Promise<string | null>;
  destroy(): void;
}
