/** Money as messages and reasons show it: integer minor units and the currency, e.g. `79900 INR`. */
export const money = (amount: number, currency: string) => `${amount} ${currency.toUpperCase()}`;
