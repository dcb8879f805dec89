/** The bank account a project's customers pay bank-transfer invoices into (India: NEFT/RTGS/IMPS). */
export interface BankDetails {
  account_name: string;
  account_number: string;
  ifsc: string;
  bank_name: string | null;
}

/** How a project wants Tollgate to behave where its apps differ. */
export interface ProjectSettings {
  /**
   * An unknown workspace id is implicit: an entitlement check answers the default plan without
   * writing, and the first usage event or subscription call registers the workspace with the
   * defaults below (its profile can be completed later with PUT /workspaces/{id}).
   */
  implicit_workspaces: boolean;
  implicit_country: string;
  implicit_currency: string;
  /** Printed on bank-transfer invoices (custom fields and footer) and answered by the invoice API. */
  bank_details: BankDetails | null;
  updated_at: string | null;
}

export interface ProjectSettingsStore {
  get(projectId: string): Promise<ProjectSettings | undefined>;
  put(projectId: string, settings: ProjectSettings): Promise<void>;
}
