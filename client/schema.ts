// Generated from the API's OpenAPI document by `npm run generate:client` (client/generate.ts): do not edit.

export interface paths {
    "/v1/admin/bank-credits": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Reported credits for ops (admin key); ?status=unmatched lists those needing a human */
        get: {
            parameters: {
                query?: {
                    /** @description Items per page (1–200) */
                    limit?: number;
                    /** @description The previous page's `nextCursor`: answers the items after it */
                    startingAfter?: string;
                    status?: "matched" | "unmatched" | "returned" | "reversed" | "reversal";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Credits, oldest first */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ReportedBankCreditList"];
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This route needs the admin key */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/bank-credits/{bankTxId}/match": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Match an unmatched credit to an order (admin key)
         * @description Sent to the order's workflow as the audited markPaidByHand Update (who and why in its history), with the amount and value date the bank reported; the credit is then matched and credited once. Refused (409) unless the credit is unmatched and the order open.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The bank credit id, URL-encoded */
                    bankTxId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description The operator, as the audit log should name them
                         * @example alice@ops
                         */
                        by: string;
                        orderId: string;
                        /** @example customer wrote the proforma number with a typo */
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description The credit, now matched */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BankCreditState"];
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This route needs the admin key */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/bank-credits/{bankTxId}/return": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record that an unmatched credit was sent back to the payer (admin key)
         * @description The transfer back is made at the bank; this records who returned it and why, and takes it off the unmatched queue.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The bank credit id, URL-encoded */
                    bankTxId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description The operator, as the audit log should name them
                         * @example alice@ops
                         */
                        by: string;
                        /** @example customer wrote the proforma number with a typo */
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description The credit, now returned */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BankCreditState"];
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This route needs the admin key */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/bank-statements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import a bank statement: camt.053 / camt.054 (.001.02–.13), MT940 or CSV (admin key)
         * @description The file is the raw body (Content-Type application/xml, text/plain, text/csv or application/octet-stream) or the `file` field of a multipart form. CSV needs its column mapping: `csv` (a preset: generic, de-semicolon) or `mapping` (a mapping file, JSON), as query parameters or form fields. At most BANK_STATEMENT_MAX_BYTES (25 MiB by default; 413 beyond). A malformed file is refused whole (400, `error.field` names the line or element) and nothing from it is applied. Importing a file again, or an overlapping statement, credits nothing twice.
         */
        post: {
            parameters: {
                query?: {
                    /** @description CSV preset: generic or de-semicolon */
                    csv?: string;
                    filename?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/octet-stream": string;
                    "application/xml": string;
                    "multipart/form-data": {
                        csv?: string;
                        /**
                         * Format: binary
                         * @description The statement file (required)
                         */
                        file?: string;
                        /** @description A CSV mapping file (JSON) */
                        mapping?: string;
                    };
                    "text/csv": string;
                    "text/plain": string;
                    "text/xml": string;
                };
            };
            responses: {
                /** @description The import report */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BankStatementImport"];
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This route needs the admin key */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/credit-notes/{number}/refund": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pay a credit note back: to the balance, the payment that paid the invoice, or a bank payout (admin key)
         * @description Answers once the refund succeeded or failed (a provider refusal is recorded as failed; ask again to retry). Refused (409) while a refund of it is pending or succeeded, or when it would refund more than the invoice was paid net of chargebacks (a lost dispute already gave the payer the money back); the refusal names the amount still refundable.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Replays the first answer for the same key and body: 1-255 printable ASCII characters, no spaces */
                    "idempotency-key"?: string;
                };
                path: {
                    number: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["RefundRequest"];
                };
            };
            responses: {
                /** @description The refund attempt */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Refund"];
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This route needs the admin key */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/events/redeliver": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Deliver one event, or every event of a time range, again (admin key); same event ids */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["Redeliver"];
                };
            };
            responses: {
                /** @description Queued for delivery: how many events, and how many (event, endpoint) deliveries */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            deliveries: number;
                            events: number;
                        };
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This route needs the admin key */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/exports/invoices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Final invoices and credit notes of a period, as CSV (admin key) */
        get: {
            parameters: {
                query: {
                    /** @description First day (UTC), included */
                    from: string;
                    /** @description Last day (UTC), excluded */
                    to: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description One row per document: number, date, organization, external id, net and VAT per rate, totals, currency, status, how it was paid; credit notes negative */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/csv": string;
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This route needs the admin key */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/exports/ledger": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The ledger of one organization or all, as CSV (admin key) */
        get: {
            parameters: {
                query?: {
                    /** @description Absent: every organization */
                    orgId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Every entry in chain order with the balance after it */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/csv": string;
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This route needs the admin key */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/exports/vat": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** VAT report of a period per rate and buyer country, reverse charge apart, as CSV (admin key) */
        get: {
            parameters: {
                query: {
                    /** @description First day (UTC), included */
                    from: string;
                    /** @description Last day (UTC), excluded */
                    to: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Net and VAT of invoices minus credit notes per currency, buyer country and rate */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/csv": string;
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This route needs the admin key */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/invoices/{invoiceNumber}/credit-notes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Issue a credit note for a final invoice, in full or by line, and optionally pay it back (admin key)
         * @description Numbered in the CN series, e-mailed with its PDF. VAT is reversed per rate with the invoice's rounding rule. Refused (400) when it would credit more than is left on a line or the invoice. Sent to the credit note's own workflow as an Update carrying `by` and `reason`; its history is the audit log. The same Idempotency-Key gives the same credit note.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Replays the first answer for the same key and body: 1-255 printable ASCII characters, no spaces */
                    "idempotency-key"?: string;
                };
                path: {
                    invoiceNumber: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CreditNoteRequest"];
                };
            };
            responses: {
                /** @description The credit note issued (its refund follows) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CreditNoteStatus"];
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This route needs the admin key */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/organizations/{orgId}/balance-payout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record the payout of unused prepaid balance (an organization leaving): debits the balance (admin key)
         * @description Refused (409) for more than the balance. The same Idempotency-Key records the payout once.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Replays the first answer for the same key and body: 1-255 printable ASCII characters, no spaces */
                    "idempotency-key"?: string;
                };
                path: {
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["BalancePayout"];
                };
            };
            responses: {
                /** @description The payout */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Refund"];
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This route needs the admin key */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/organizations/{orgId}/billing/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel: the current cycle is the last one billed (now, with `immediately`); billing ends once nothing is owed
         * @description Sent to the organization's billing workflow as an Update carrying `by` and `reason`; the workflow validates it, and its history is the audit log.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Replays the first answer for the same key and body: 1-255 printable ASCII characters, no spaces */
                    "idempotency-key"?: string;
                };
                path: {
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["BillingCancellation"];
                };
            };
            responses: {
                /** @description Billing after the cancellation */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BillingWorkflowStatus"];
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This route needs the admin key */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/organizations/{orgId}/billing/pause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pause billing: cycles ending while paused are not charged
         * @description Sent to the organization's billing workflow as an Update carrying `by` and `reason`; the workflow validates it, and its history is the audit log.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Replays the first answer for the same key and body: 1-255 printable ASCII characters, no spaces */
                    "idempotency-key"?: string;
                };
                path: {
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["BillingOperatorRequest"];
                };
            };
            responses: {
                /** @description Billing after the change */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BillingWorkflowStatus"];
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This route needs the admin key */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/organizations/{orgId}/billing/plan": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Change the plan from the next cycle on
         * @description Sent to the organization's billing workflow as an Update carrying `by` and `reason`; the workflow validates it, and its history is the audit log.
         */
        put: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Replays the first answer for the same key and body: 1-255 printable ASCII characters, no spaces */
                    "idempotency-key"?: string;
                };
                path: {
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["PlanChange"];
                };
            };
            responses: {
                /** @description Billing with the pending plan */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BillingWorkflowStatus"];
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This route needs the admin key */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/organizations/{orgId}/billing/resend-invoice": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * E-mail a final invoice again, with its PDF, to the organization's current billing address
         * @description Sent to the organization's billing workflow as an Update carrying `by` and `reason`; the workflow validates it, and its history is the audit log. 404 when the number is not a final invoice of this organization.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Replays the first answer for the same key and body: 1-255 printable ASCII characters, no spaces */
                    "idempotency-key"?: string;
                };
                path: {
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["InvoiceResend"];
                };
            };
            responses: {
                /** @description The e-mail sent */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ResentInvoice"];
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This route needs the admin key */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/organizations/{orgId}/billing/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Resume billing
         * @description Sent to the organization's billing workflow as an Update carrying `by` and `reason`; the workflow validates it, and its history is the audit log.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Replays the first answer for the same key and body: 1-255 printable ASCII characters, no spaces */
                    "idempotency-key"?: string;
                };
                path: {
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["BillingOperatorRequest"];
                };
            };
            responses: {
                /** @description Billing after the change */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BillingWorkflowStatus"];
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This route needs the admin key */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/organizations/{orgId}/billing/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Try the unpaid cycles now (after the customer fixed the card, say); answers once the attempt is made
         * @description Sent to the organization's billing workflow as an Update carrying `by` and `reason`; the workflow validates it, and its history is the audit log.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Replays the first answer for the same key and body: 1-255 printable ASCII characters, no spaces */
                    "idempotency-key"?: string;
                };
                path: {
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["BillingOperatorRequest"];
                };
            };
            responses: {
                /** @description Billing after the attempt */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BillingWorkflowStatus"];
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This route needs the admin key */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/organizations/{orgId}/billing/run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Charge the current cycle now instead of at its end (the schedule is unchanged); answers once the close is scheduled
         * @description Sent to the organization's billing workflow as an Update carrying `by` and `reason`; the workflow validates it, and its history is the audit log.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Replays the first answer for the same key and body: 1-255 printable ASCII characters, no spaces */
                    "idempotency-key"?: string;
                };
                path: {
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["BillingOperatorRequest"];
                };
            };
            responses: {
                /** @description The close is scheduled: follow the charge at `follow` */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BillingRunScheduled"];
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This route needs the admin key */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/organizations/{orgId}/billing/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start the organization's billing (its first cycle begins now); a running one is left as is */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Replays the first answer for the same key and body: 1-255 printable ASCII characters, no spaces */
                    "idempotency-key"?: string;
                };
                path: {
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Billing workflow status */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BillingWorkflowStatus"];
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This route needs the admin key */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/organizations/{orgId}/billing/write-off": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Write off an unpaid cycle: it is no longer collected, no invoice is issued for it, and a suspension ends once nothing else is owed. Refused (409) while a payment of it succeeded or is processing at the provider; 404 when the cycle is not owed
         * @description Sent to the organization's billing workflow as an Update carrying `by` and `reason`; the workflow validates it, and its history is the audit log.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Replays the first answer for the same key and body: 1-255 printable ASCII characters, no spaces */
                    "idempotency-key"?: string;
                };
                path: {
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["DebtWriteOff"];
                };
            };
            responses: {
                /** @description Billing after the write-off */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BillingWorkflowStatus"];
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This route needs the admin key */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/refunds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Refunds and payouts, newest first; `status=failed` lists those a provider refused, `attention=true` those ops must look at (admin key)
         * @description A refund made in the provider's dashboard (`origin: provider`) is recorded in full, with a credit note for as much of it as its invoice had left to credit. One the books cannot fully stand for carries `attention`: `uncreditedMinor` of it is on no credit note (the invoice was already credited), `pastNetPaidMinor` of it went past what the invoice was paid net of refunds and chargebacks.
         */
        get: {
            parameters: {
                query?: {
                    /** @description `true`: only the refunds flagged for ops; `false`: only the others */
                    attention?: "true" | "false";
                    /** @description Items per page (1–200) */
                    limit?: number;
                    /** @description The previous page's `nextCursor`: answers the items after it */
                    startingAfter?: string;
                    status?: "pending" | "succeeded" | "failed";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Refunds */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RefundList"];
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This route needs the admin key */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/top-ups/{orderId}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel an order that has received no payment (admin key)
         * @description Refused (409) once any payment arrived or the order closed. Sent to the order's workflow as an Update carrying `by` and `reason`; the workflow validates it, and its history is the audit log.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Replays the first answer for the same key and body: 1-255 printable ASCII characters, no spaces */
                    "idempotency-key"?: string;
                };
                path: {
                    /** @description The order id, or its workflow id URL-encoded */
                    orderId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["OperatorRequest"];
                };
            };
            responses: {
                /** @description The order as the workflow sees it after the action */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TopUpWorkflowStatus"];
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This route needs the admin key */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/top-ups/{orderId}/mark-paid": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Credit a bank transfer to an order by hand (admin key)
         * @description For a transfer that reached the bank account but not its order, e.g. with a mistyped reference: it is credited to the balance once, and its bank-credit record becomes matched. Refused (409) when the bank reported the transaction with another amount or for another order, when it is already credited, or when the order is closed. Sent to the order's workflow as an Update carrying `by` and `reason`; the workflow validates it, and its history is the audit log.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Replays the first answer for the same key and body: 1-255 printable ASCII characters, no spaces */
                    "idempotency-key"?: string;
                };
                path: {
                    /** @description The order id, or its workflow id URL-encoded */
                    orderId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ManualPayment"];
                };
            };
            responses: {
                /** @description The order as the workflow sees it after the action */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TopUpWorkflowStatus"];
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This route needs the admin key */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/top-ups/{orderId}/resend-proforma": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * E-mail the proforma invoice again (admin key)
         * @description To the organization's current billing address, with the same PDF. Refused (409) once the order closed. Sent to the order's workflow as an Update carrying `by` and `reason`; the workflow validates it, and its history is the audit log.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Replays the first answer for the same key and body: 1-255 printable ASCII characters, no spaces */
                    "idempotency-key"?: string;
                };
                path: {
                    /** @description The order id, or its workflow id URL-encoded */
                    orderId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["OperatorRequest"];
                };
            };
            responses: {
                /** @description The order as the workflow sees it after the action */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TopUpWorkflowStatus"];
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This route needs the admin key */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/webhook-endpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Webhook endpoints, newest first (admin key) */
        get: {
            parameters: {
                query?: {
                    /** @description Items per page (1–200) */
                    limit?: number;
                    /** @description The previous page's `nextCursor`: answers the items after it */
                    startingAfter?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Endpoints */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WebhookEndpointList"];
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This route needs the admin key */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Add a webhook endpoint (admin key); answers its signing secret once */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Replays the first answer for the same key and body: 1-255 printable ASCII characters, no spaces */
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default  */
                        description?: string;
                        /** @default true */
                        enabled?: boolean;
                        /**
                         * @description Empty: every type
                         * @default []
                         */
                        eventTypes?: ("organization.created" | "organization.updated" | "organization.suspended" | "organization.reactivated" | "topup.created" | "proforma.issued" | "topup.credited" | "topup.paid" | "topup.expired" | "topup.cancelled" | "bank_credit.unmatched" | "balance.low" | "invoice.finalized" | "payment.succeeded" | "payment.failed" | "payment.action_required" | "payment_method.attached" | "payment_method.removed" | "debt.written_off" | "credit_note.issued" | "refund.succeeded" | "refund.failed" | "dispute.opened" | "dispute.won" | "dispute.lost" | "bank_credit.reversed" | "bank_statement.imported" | "webhook_endpoint.disabled")[];
                        /**
                         * Format: uri
                         * @example https://provider.example/hooks/billing
                         */
                        url: string;
                    };
                };
            };
            responses: {
                /** @description Created; keep the secret, it is not shown again */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            endpoint: components["schemas"]["WebhookEndpoint"];
                            secret: string | null;
                        };
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This route needs the admin key */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/webhook-endpoints/{endpointId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One endpoint with its delivery queue: pending, failing, last error (admin key) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    endpointId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The endpoint */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WebhookEndpoint"] & {
                            queue: {
                                failing: number;
                                lastError?: string;
                                oldestFailureAt?: string;
                                pending: number;
                            };
                        };
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This route needs the admin key */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Remove an endpoint (admin key); its pending deliveries are dropped */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    endpointId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Removed */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This route needs the admin key */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change an endpoint (admin key); enabling a disabled one retries everything it missed while queued */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    endpointId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default  */
                        description?: string;
                        /** @default true */
                        enabled?: boolean;
                        /**
                         * @description Empty: every type
                         * @default []
                         */
                        eventTypes?: ("organization.created" | "organization.updated" | "organization.suspended" | "organization.reactivated" | "topup.created" | "proforma.issued" | "topup.credited" | "topup.paid" | "topup.expired" | "topup.cancelled" | "bank_credit.unmatched" | "balance.low" | "invoice.finalized" | "payment.succeeded" | "payment.failed" | "payment.action_required" | "payment_method.attached" | "payment_method.removed" | "debt.written_off" | "credit_note.issued" | "refund.succeeded" | "refund.failed" | "dispute.opened" | "dispute.won" | "dispute.lost" | "bank_credit.reversed" | "bank_statement.imported" | "webhook_endpoint.disabled")[];
                        /**
                         * Format: uri
                         * @example https://provider.example/hooks/billing
                         */
                        url?: string;
                    };
                };
            };
            responses: {
                /** @description The endpoint */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WebhookEndpoint"];
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This route needs the admin key */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/v1/admin/webhook-endpoints/{endpointId}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Replace the signing secret (admin key); deliveries carry both signatures for 24 hours */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    endpointId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The new secret, shown once */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            previousSecretValidUntil: string;
                            secret: string;
                        };
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This route needs the admin key */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bank/credits": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Report bank credits (HMAC-signed: X-Bank-Timestamp, X-Bank-Signature)
         * @description X-Bank-Signature is "sha256=" + hex HMAC-SHA256 over "<X-Bank-Timestamp>.<raw body>" with the shared secret; the timestamp (Unix seconds) must be within BANK_WEBHOOK_TOLERANCE_SECONDS.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        credits: components["schemas"]["BankCreditReport"][];
                    };
                };
            };
            responses: {
                /** @description One result per credit, in order */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            results: components["schemas"]["BankCreditResult"][];
                        };
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/dev/outbox": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every e-mail sent (admin key), newest first */
        get: {
            parameters: {
                query?: {
                    /** @description Items per page (1–200) */
                    limit?: number;
                    orgId?: string;
                    /** @description The previous page's `nextCursor`: answers the items after it */
                    startingAfter?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description E-mails */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["EmailList"];
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This route needs the admin key */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Events, newest first (admin: all, or one organization's; an organization's key: its own) */
        get: {
            parameters: {
                query?: {
                    /** @description Items per page (1–200) */
                    limit?: number;
                    /** @description Admin: one organization; "platform" for platform events */
                    orgId?: string;
                    /** @description The previous page's `nextCursor`: answers the items after it */
                    startingAfter?: string;
                    type?: "organization.created" | "organization.updated" | "organization.suspended" | "organization.reactivated" | "topup.created" | "proforma.issued" | "topup.credited" | "topup.paid" | "topup.expired" | "topup.cancelled" | "bank_credit.unmatched" | "balance.low" | "invoice.finalized" | "payment.succeeded" | "payment.failed" | "payment.action_required" | "payment_method.attached" | "payment_method.removed" | "debt.written_off" | "credit_note.issued" | "refund.succeeded" | "refund.failed" | "dispute.opened" | "dispute.won" | "dispute.lost" | "bank_credit.reversed" | "bank_statement.imported" | "webhook_endpoint.disabled";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Events */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["EventList"];
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events/{eventId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One event */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    eventId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The event */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Event"];
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Find an organization by the provider's own id (admin key) */
        get: {
            parameters: {
                query: {
                    /** @description The provider's own id for this organization, unique across organizations */
                    externalId: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The organization with that external id, or none (one page: hasMore is always false) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["OrganizationList"];
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This route needs the admin key */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Create an organization (admin key); answers its API key once */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Replays the first answer for the same key and body: 1-255 printable ASCII characters, no spaces */
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CreateOrganization"];
                };
            };
            responses: {
                /** @description Created; keep apiKey, it is not shown again */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            apiKey: string | null;
                            organization: components["schemas"]["Organization"];
                        };
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This route needs the admin key */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/{orgId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change the organization's details: name, billing e-mail, address, VAT id, time zone, external id, metadata
         * @description Written by the organization's billing workflow (the one writer of the organization), so it needs billing to be running (409 otherwise).
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["UpdateOrganization"];
                };
            };
            responses: {
                /** @description The organization after the change */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Organization"];
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/v1/organizations/{orgId}/api-key": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Replace an organization's API key (admin key); the old key stops working */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The new key */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            apiKey: string;
                        };
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This route needs the admin key */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/{orgId}/billing": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Billing overview: balance, plan and next cycle estimate */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Overview */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BillingOverview"];
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/{orgId}/billing/cycles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Billing cycles, newest first, with their final invoices */
        get: {
            parameters: {
                query?: {
                    /** @description Items per page (1–200) */
                    limit?: number;
                    /** @description The previous page's `nextCursor`: answers the items after it */
                    startingAfter?: string;
                };
                header?: never;
                path: {
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Cycles */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BillingCycleList"];
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/{orgId}/billing/cycles/{cycleId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One cycle: its lines, collection attempts and final invoice */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    cycleId: string;
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Cycle */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BillingCycleDetail"];
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/{orgId}/billing/estimate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The current cycle so far: its fees and the usage received, at today's plan and VAT */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Estimate */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CycleEstimate"];
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/{orgId}/credit-notes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List credit notes (corrections of final invoices) with what was paid back, newest first */
        get: {
            parameters: {
                query?: {
                    /** @description Items per page (1–200) */
                    limit?: number;
                    /** @description The previous page's `nextCursor`: answers the items after it */
                    startingAfter?: string;
                };
                header?: never;
                path: {
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Credit notes */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CreditNoteList"];
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/{orgId}/credit-notes/{number}/pdf": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download a credit note as PDF */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    number: string;
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The PDF */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/pdf": string;
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/{orgId}/disputes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Payments disputed at the provider: the invoice they paid shows as disputed while open, and once lost */
        get: {
            parameters: {
                query?: {
                    /** @description Items per page (1–200) */
                    limit?: number;
                    /** @description The previous page's `nextCursor`: answers the items after it */
                    startingAfter?: string;
                };
                header?: never;
                path: {
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Disputes */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["DisputeList"];
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/{orgId}/emails": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The e-mails sent to one organization, newest first */
        get: {
            parameters: {
                query?: {
                    /** @description Items per page (1–200) */
                    limit?: number;
                    /** @description The previous page's `nextCursor`: answers the items after it */
                    startingAfter?: string;
                };
                header?: never;
                path: {
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description E-mails */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["EmailList"];
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/{orgId}/invoices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List invoices (proforma and final), newest first */
        get: {
            parameters: {
                query?: {
                    /** @description Items per page (1–200) */
                    limit?: number;
                    series?: "proforma" | "final";
                    /** @description The previous page's `nextCursor`: answers the items after it */
                    startingAfter?: string;
                };
                header?: never;
                path: {
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Invoices */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InvoiceList"];
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/{orgId}/invoices/{invoiceId}/pdf": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download an invoice as PDF */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    invoiceId: string;
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The PDF */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/pdf": string;
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/{orgId}/ledger": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Ledger entries, newest first */
        get: {
            parameters: {
                query?: {
                    /** @description Items per page (1–200) */
                    limit?: number;
                    /** @description The previous page's `nextCursor`: answers the items after it */
                    startingAfter?: string;
                };
                header?: never;
                path: {
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Entries */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LedgerEntryList"];
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/{orgId}/payment-methods": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Saved payment methods and the default */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Methods, newest first */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PaymentMethods"];
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/{orgId}/payment-methods/{methodId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a saved method: never charged again, revoked at the provider; a removed default falls back to prepaid */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    methodId: string;
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The remaining methods */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PaymentMethods"];
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/{orgId}/payment-methods/card": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The latest card set-up attempt */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The attempt */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CardSetup"];
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Start a card set-up: answers a SetupIntent client secret for Stripe.js (the pending attempt, if one is running) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Replays the first answer for the same key and body: 1-255 printable ASCII characters, no spaces */
                    "idempotency-key"?: string;
                };
                path: {
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": components["schemas"]["StartPaymentMethodSetup"];
                };
            };
            responses: {
                /** @description Awaiting confirmation with Stripe.js */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CardSetup"];
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The provider refused or could not be reached */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/{orgId}/payment-methods/card/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel the card set-up awaiting confirmation (its client secret stops working) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Replays the first answer for the same key and body: 1-255 printable ASCII characters, no spaces */
                    "idempotency-key"?: string;
                };
                path: {
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        /** @default cancelled by the customer */
                        reason?: string;
                    };
                };
            };
            responses: {
                /** @description Cancelled */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CardSetup"];
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/{orgId}/payment-methods/card/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** After Stripe.js confirmed the SetupIntent: checks it with Stripe and answers the saved card, or why it failed */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Replays the first answer for the same key and body: 1-255 printable ASCII characters, no spaces */
                    "idempotency-key"?: string;
                };
                path: {
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ConfirmCardSetup"];
                };
            };
            responses: {
                /** @description The set-up after the check: `active` with the card, or `lastSetupError` */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CardSetup"];
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/{orgId}/payment-methods/default": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Choose how invoices are paid: prepaid balance, PayPal or card */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ChooseDefaultPaymentMethod"];
                };
            };
            responses: {
                /** @description Methods with the new default */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PaymentMethods"];
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/{orgId}/payment-methods/paypal": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The latest PayPal set-up attempt */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The attempt */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PayPalSetup"];
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Start a PayPal billing agreement: answers the approval URL (the pending attempt, if one is running) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Replays the first answer for the same key and body: 1-255 printable ASCII characters, no spaces */
                    "idempotency-key"?: string;
                };
                path: {
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": components["schemas"]["StartPaymentMethodSetup"];
                };
            };
            responses: {
                /** @description Awaiting the payer's approval */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PayPalSetup"];
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The provider refused or could not be reached */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/{orgId}/payment-methods/paypal/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel the PayPal set-up awaiting approval */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Replays the first answer for the same key and body: 1-255 printable ASCII characters, no spaces */
                    "idempotency-key"?: string;
                };
                path: {
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        /** @default cancelled by the customer */
                        reason?: string;
                    };
                };
            };
            responses: {
                /** @description Cancelled */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PayPalSetup"];
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/{orgId}/portal-sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A single-use link to the customer portal for this organization (short-lived; opens a browser session) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": components["schemas"]["CreatePortalSession"];
                };
            };
            responses: {
                /** @description The link */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PortalSession"];
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/{orgId}/top-ups": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List top-up orders, newest first */
        get: {
            parameters: {
                query?: {
                    /** @description Items per page (1–200) */
                    limit?: number;
                    /** @description The previous page's `nextCursor`: answers the items after it */
                    startingAfter?: string;
                    /** @description open: only the orders still awaiting payment (issuing, awaiting_payment, partially_paid), all on one page, newest first; limit and startingAfter do not apply */
                    state?: "open";
                };
                header?: never;
                path: {
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Orders */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TopUpList"];
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Order a prepaid top-up: issues and e-mails the proforma invoice with the bank details */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Replays the first answer for the same key and body: 1-255 printable ASCII characters, no spaces */
                    "idempotency-key"?: string;
                };
                path: {
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CreateTopUp"];
                };
            };
            responses: {
                /** @description Order created, proforma issued */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TopUpOrder"];
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/{orgId}/top-ups/{orderId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One top-up order */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orderId: string;
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Order */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TopUpOrder"];
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/{orgId}/top-ups/{orderId}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel an order that has received no payment */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Replays the first answer for the same key and body: 1-255 printable ASCII characters, no spaces */
                    "idempotency-key"?: string;
                };
                path: {
                    orderId: string;
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        /** @default cancelled by the customer */
                        reason?: string;
                    };
                };
            };
            responses: {
                /** @description Cancelled */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TopUpOrder"];
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/{orgId}/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Report usage (seats, minutes…), billed at the plan's prices in the cycle during which we receive it */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Replays the first answer for the same key and body: 1-255 printable ASCII characters, no spaces */
                    "idempotency-key"?: string;
                };
                path: {
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["UsageReport"];
                };
            };
            responses: {
                /** @description Already recorded under this usageId (a retry): nothing changed */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["UsageRecord"];
                    };
                };
                /** @description Recorded */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["UsageRecord"];
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or not visible to this key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/paypal/setup/{orgId}/{attemptId}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** PayPal's cancel URL when the payer cancelled at PayPal (browser redirect, no API key) */
        get: {
            parameters: {
                query?: {
                    approval_session_id?: string;
                    /** @description The setup token PayPal redirects with */
                    approval_token_id?: string;
                };
                header?: never;
                path: {
                    attemptId: string;
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Cancelled */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PayPalReturn"];
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The link belongs to another attempt */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Nothing awaits approval */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests from this address */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/paypal/setup/{orgId}/{attemptId}/return": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** PayPal's return URL after the payer approved (browser redirect, no API key) */
        get: {
            parameters: {
                query?: {
                    approval_session_id?: string;
                    /** @description The setup token PayPal redirects with */
                    approval_token_id?: string;
                };
                header?: never;
                path: {
                    attemptId: string;
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Already set up, or no longer awaiting approval */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PayPalReturn"];
                    };
                };
                /** @description Approval received */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PayPalReturn"];
                    };
                };
                /** @description Invalid request: malformed JSON, wrong types or values; `error.field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Nothing awaits approval for this link */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests from this address */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Internal error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/paypal": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** PayPal events (billing agreements, refunds, reversals, deleted tokens), verified with PayPal's verify-webhook-signature API */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Accepted */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WebhookAck"];
                    };
                };
                /** @description Signature missing, invalid or stale; or not an event */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This event is being processed by another delivery; the provider delivers it again */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body too large (256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not processed; the provider delivers it again */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Cannot be verified right now; the provider delivers it again */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/stripe": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Stripe events (card set-ups, refunds, disputes, payments, detached cards), signed with the endpoint secret */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Accepted */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WebhookAck"];
                    };
                };
                /** @description Signature missing, invalid or stale; or not an event */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This event is being processed by another delivery; the provider delivers it again */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body too large (256 KB) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not processed; the provider delivers it again */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Cannot be verified right now; the provider delivers it again */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        BalancePayout: components["schemas"]["OperatorRequest"] & {
            /**
             * @description Positive integer amount in minor units
             * @example 5000
             */
            amountMinor: number;
            /** @description The bank reference of the payout ops made */
            bankReference: string;
        };
        BankCreditReport: {
            /**
             * @description Positive integer amount in minor units
             * @example 5000
             */
            amountMinor: number;
            bankTxId: string;
            /**
             * @description ISO 4217 currency code
             * @example EUR
             * @enum {string}
             */
            currency: "EUR" | "USD" | "GBP" | "CHF" | "SEK" | "NOK" | "DKK" | "PLN" | "CZK" | "CAD" | "AUD" | "JPY";
            /**
             * @description The payment reference the payer quoted
             * @example RF62 PF20 2600 0001
             */
            reference: string;
            /**
             * Format: date
             * @example 2026-11-25
             */
            valueDate: string;
        };
        BankCreditResult: {
            bankTxId: string;
            /** @description This bank transaction was reported before; it is credited once */
            duplicate: boolean;
            orderId?: string;
            reason?: string;
            /** @enum {string} */
            status: "matched" | "unmatched";
        };
        BankCreditState: {
            bankTxId: string;
            orderId?: string;
            reason?: string;
            status: string;
        };
        BankDetails: {
            bankName: string;
            bic: string;
            iban: string;
        };
        BankStatementImport: {
            counts: {
                credited: number;
                debit: number;
                duplicate: number;
                "other-account": number;
                read: number;
                returned: number;
                unmatched: number;
            };
            entries: {
                /**
                 * @description Integer amount in the currency's minor unit (cents)
                 * @example 5000
                 */
                amountMinor: number;
                /** @description The entry's identity: the bank's reference on that account, or a content hash */
                bankTxId: string;
                currency: string;
                /** @enum {string} */
                direction: "credit" | "debit";
                /** @example Stmt[1]/Ntry[3] */
                location: string;
                orderId?: string;
                /** @enum {string} */
                outcome: "credited" | "duplicate" | "unmatched" | "returned" | "debit" | "other-account";
                reason?: string;
                /** @enum {string} */
                rung?: "structured-reference" | "reference-in-text" | "proforma-number";
                suggestions?: {
                    orderId: string;
                    proformaNumber: string;
                    why: string;
                }[];
                valueDate: string;
            }[];
            filename?: string;
            /** @enum {string} */
            format: "camt.053" | "camt.054" | "mt940" | "csv";
            /** @description Derived from the file bytes: the same file always has the same id */
            importId: string;
            /** @example camt.053.001.08 */
            messageType: string;
            /** @description How many times this file was imported, this one included */
            runs: number;
            statementIds: string[];
            timings: {
                applySeconds: number;
                parseAndMatchSeconds: number;
            };
            totals: {
                /**
                 * @description Integer amount in the currency's minor unit (cents)
                 * @example 5000
                 */
                creditedMinor: number;
                currency: string;
                /**
                 * @description Integer amount in the currency's minor unit (cents)
                 * @example 5000
                 */
                debitMinor: number;
                /**
                 * @description Integer amount in the currency's minor unit (cents)
                 * @example 5000
                 */
                duplicateMinor: number;
                /**
                 * @description Integer amount in the currency's minor unit (cents)
                 * @example 5000
                 */
                returnedMinor: number;
                /**
                 * @description Integer amount in the currency's minor unit (cents)
                 * @example 5000
                 */
                unmatchedMinor: number;
            }[];
        };
        BillingCancellation: components["schemas"]["BillingOperatorRequest"] & {
            /** @default false */
            immediately?: boolean;
        };
        BillingCycle: {
            attempts: number;
            /**
             * @description ISO 4217 currency code
             * @example EUR
             * @enum {string}
             */
            currency: "EUR" | "USD" | "GBP" | "CHF" | "SEK" | "NOK" | "DKK" | "PLN" | "CZK" | "CAD" | "AUD" | "JPY";
            cycleId: string;
            endsAt: string;
            invoice?: {
                invoiceId: string;
                number: string;
                pdfUrl: string;
            };
            paidAt?: string;
            paidWith?: string;
            startsAt: string;
            /**
             * @description `written_off`: no longer owed (no invoice is issued for it)
             * @enum {string}
             */
            state: "open" | "due" | "paid" | "skipped" | "written_off";
            /**
             * @description Integer amount in the currency's minor unit (cents)
             * @example 5000
             */
            totalMinor?: number;
            /** @description Why a due cycle is not paid yet: insufficient_funds, declined, authentication_required… */
            unpaidReason?: string;
            writtenOffAt?: string;
        };
        BillingCycleDetail: components["schemas"]["BillingCycle"] & {
            collectionAttempts: {
                error?: {
                    code: string;
                    message: string;
                };
                method: string;
                n: number;
                outcome?: string;
                providerRef?: string;
                startedAt: string;
            }[];
            lines: {
                /**
                 * @description Integer amount in the currency's minor unit (cents)
                 * @example 5000
                 */
                amountMinor: number;
                description: string;
                quantity: number;
                /**
                 * @description Integer amount in the currency's minor unit (cents)
                 * @example 5000
                 */
                unitPriceMinor: number;
                vatRateBp: number;
            }[];
            notes: string[];
            reverseCharge?: boolean;
            /**
             * @description Integer amount in the currency's minor unit (cents)
             * @example 5000
             */
            subtotalMinor?: number;
            usage: {
                metric: string;
                quantity: number;
            }[];
            /**
             * @description Integer amount in the currency's minor unit (cents)
             * @example 5000
             */
            vatMinor?: number;
        };
        BillingCycleList: {
            data: components["schemas"]["BillingCycle"][];
            /** @description More items follow: ask again with startingAfter=nextCursor */
            hasMore: boolean;
            /** @description Pass as startingAfter for the next page; null on the last */
            nextCursor: string | null;
        };
        BillingOperatorRequest: {
            /**
             * @description The operator, as the audit log should name them
             * @example alice@ops
             */
            by: string;
            /** @example customer asked by phone */
            reason: string;
        };
        BillingOverview: {
            balance: components["schemas"]["Money"];
            balanceCoversNextCycle: boolean;
            nextCycleEstimate: {
                /**
                 * @description ISO 4217 currency code
                 * @example EUR
                 * @enum {string}
                 */
                currency: "EUR" | "USD" | "GBP" | "CHF" | "SEK" | "NOK" | "DKK" | "PLN" | "CZK" | "CAD" | "AUD" | "JPY";
                lines: {
                    /**
                     * @description Integer amount in the currency's minor unit (cents)
                     * @example 5000
                     */
                    amountMinor: number;
                    description: string;
                }[];
                /**
                 * @description Integer amount in the currency's minor unit (cents)
                 * @example 5000
                 */
                subtotalMinor: number;
                /**
                 * @description Integer amount in the currency's minor unit (cents)
                 * @example 5000
                 */
                totalMinor: number;
                /**
                 * @description Integer amount in the currency's minor unit (cents)
                 * @example 5000
                 */
                vatMinor: number;
            };
            organization: components["schemas"]["Organization"];
            warning?: string;
        };
        BillingRunScheduled: components["schemas"]["BillingWorkflowStatus"] & {
            /** @description The cycle being closed and charged */
            chargingCycleId: string;
            /** @description Where to watch the charge (GET) */
            follow: {
                cycle: string;
                status: string;
            };
        };
        BillingWorkflowStatus: {
            /**
             * @description Integer amount in the currency's minor unit (cents)
             * @example 5000
             */
            amountDueMinor: number;
            cancelling: boolean;
            cycle?: {
                endsAt: string;
                id: string;
                startsAt: string;
            };
            cyclesBilled: number;
            daysOverdue: number;
            debts: {
                attempts: number;
                cycleId: string;
                lastOutcome?: string;
                nextAttemptAt: string;
                /**
                 * @description Integer amount in the currency's minor unit (cents)
                 * @example 5000
                 */
                totalMinor: number;
            }[];
            estimate?: {
                /**
                 * @description ISO 4217 currency code
                 * @example EUR
                 * @enum {string}
                 */
                currency: "EUR" | "USD" | "GBP" | "CHF" | "SEK" | "NOK" | "DKK" | "PLN" | "CZK" | "CAD" | "AUD" | "JPY";
                /**
                 * @description Integer amount in the currency's minor unit (cents)
                 * @example 5000
                 */
                subtotalMinor: number;
                /**
                 * @description Integer amount in the currency's minor unit (cents)
                 * @example 5000
                 */
                totalMinor: number;
                /**
                 * @description Integer amount in the currency's minor unit (cents)
                 * @example 5000
                 */
                vatMinor: number;
            };
            method?: string;
            nextChargeAt?: string;
            orgId: string;
            /** @description The cycle's bill could not be computed: its close waits for ops (retry once fixed) */
            parked?: {
                at: string;
                cycleId: string;
                reason: string;
            };
            paused: boolean;
            pendingPlan?: components["schemas"]["Plan"];
            state: string;
            suspended: boolean;
            workflowId: string;
        };
        CardSetup: {
            /** @description For Stripe.js confirmCardSetup, while awaiting confirmation. Not kept in idempotent replays. */
            clientSecret?: string | null;
            error?: components["schemas"]["ProviderError"];
            expiresAt?: string;
            lastSetupError?: components["schemas"]["ProviderError"] & unknown;
            method?: components["schemas"]["PaymentMethod"];
            setupIntentId?: string;
            /** @enum {string} */
            state: "creating" | "awaiting_confirmation" | "saving" | "active" | "cancelled" | "expired" | "failed";
            workflowId: string;
        };
        ChooseDefaultPaymentMethod: {
            /** @enum {string} */
            method: "prepaid" | "paypal" | "card";
            /** @description Which saved method; the newest of that kind if omitted */
            paymentMethodId?: string;
        };
        ConfirmCardSetup: {
            setupIntentId: string;
        };
        CreateOrganization: {
            /** @default  */
            address?: string;
            /** Format: email */
            billingEmail: string;
            /**
             * @description ISO 4217 currency code
             * @example EUR
             * @enum {string}
             */
            currency: "EUR" | "USD" | "GBP" | "CHF" | "SEK" | "NOK" | "DKK" | "PLN" | "CZK" | "CAD" | "AUD" | "JPY";
            name: string;
            plan: components["schemas"]["Plan"];
            /** @default UTC */
            timeZone?: string;
            /** @default  */
            vatId?: string;
            /**
             * @description VAT rate in basis points: 2100 = 21 %
             * @default 0
             */
            vatRateBp?: number;
        };
        CreatePortalSession: {
            /**
             * Format: uri
             * @description Your own portal: every portal page links back to it
             * @example https://portal.example.com/billing
             */
            returnUrl?: string;
        };
        CreateTopUp: {
            /**
             * @description Positive integer amount in minor units
             * @example 5000
             */
            amountMinor: number;
            /**
             * @description ISO 4217 currency code
             * @example EUR
             * @enum {string}
             */
            currency: "EUR" | "USD" | "GBP" | "CHF" | "SEK" | "NOK" | "DKK" | "PLN" | "CZK" | "CAD" | "AUD" | "JPY";
        };
        CreditNote: {
            /**
             * @description ISO 4217 currency code
             * @example EUR
             * @enum {string}
             */
            currency: "EUR" | "USD" | "GBP" | "CHF" | "SEK" | "NOK" | "DKK" | "PLN" | "CZK" | "CAD" | "AUD" | "JPY";
            /** @description The final invoice it corrects */
            invoiceNumber: string;
            issueDate: string;
            lines: {
                /**
                 * @description Integer amount in the currency's minor unit (cents)
                 * @example 5000
                 */
                amountMinor: number;
                description: string;
                /** @description 0-based index of the invoice's line it credits */
                invoiceLine: number;
                quantity: number;
                /**
                 * @description Integer amount in the currency's minor unit (cents)
                 * @example 5000
                 */
                unitPriceMinor: number;
                vatRateBp: number;
            }[];
            /** @example CN-2026-000001 */
            number: string;
            /** @enum {string} */
            origin: "operator" | "provider_refund";
            pdfUrl: string;
            reason: string;
            refunds: components["schemas"]["Refund"][];
            /**
             * @description Integer amount in the currency's minor unit (cents)
             * @example 5000
             */
            subtotalMinor: number;
            /**
             * @description Integer amount in the currency's minor unit (cents)
             * @example 5000
             */
            totalMinor: number;
            vat: {
                /**
                 * @description Integer amount in the currency's minor unit (cents)
                 * @example 5000
                 */
                baseMinor: number;
                /**
                 * @description Integer amount in the currency's minor unit (cents)
                 * @example 5000
                 */
                vatMinor: number;
                vatRateBp: number;
            }[];
            /**
             * @description Integer amount in the currency's minor unit (cents)
             * @example 5000
             */
            vatMinor: number;
        };
        CreditNoteList: {
            data: components["schemas"]["CreditNote"][];
            /** @description More items follow: ask again with startingAfter=nextCursor */
            hasMore: boolean;
            /** @description Pass as startingAfter for the next page; null on the last */
            nextCursor: string | null;
        };
        CreditNoteRequest: components["schemas"]["OperatorRequest"] & {
            /** @description Lines to credit; absent: everything not credited yet */
            lines?: {
                /**
                 * @description Positive integer amount in minor units
                 * @example 5000
                 */
                amountMinor?: number;
                /** @description 0-based index of the invoice's line */
                line: number;
                quantity?: number;
            }[];
            /** @description Where the money goes; absent: nothing is paid back yet */
            refund?: {
                /** @description The bank reference of the payout (bank_transfer) */
                bankReference?: string;
                /**
                 * @description balance: a ledger credit; payment: the card or PayPal payment that paid the invoice; bank_transfer: a payout ops made
                 * @enum {string}
                 */
                to: "balance" | "payment" | "bank_transfer";
            };
        };
        CreditNoteStatus: {
            creditNote?: {
                /**
                 * @description ISO 4217 currency code
                 * @example EUR
                 * @enum {string}
                 */
                currency: "EUR" | "USD" | "GBP" | "CHF" | "SEK" | "NOK" | "DKK" | "PLN" | "CZK" | "CAD" | "AUD" | "JPY";
                invoiceNumber: string;
                number: string;
                /**
                 * @description Integer amount in the currency's minor unit (cents)
                 * @example 5000
                 */
                totalMinor: number;
            };
            refund?: components["schemas"]["Refund"];
            refundRefusal?: string;
            requestId: string;
            state: string;
        };
        CycleEstimate: {
            /**
             * @description Closed cycles still unpaid
             * @example 5000
             */
            amountDueMinor: number;
            balance?: components["schemas"]["Money"] & unknown;
            /**
             * @description ISO 4217 currency code
             * @example EUR
             * @enum {string}
             */
            currency: "EUR" | "USD" | "GBP" | "CHF" | "SEK" | "NOK" | "DKK" | "PLN" | "CZK" | "CAD" | "AUD" | "JPY";
            cycle: {
                billedDays: number;
                endsAt: string;
                id: string;
                periodDays: number;
                startsAt: string;
            };
            lines: {
                /**
                 * @description Integer amount in the currency's minor unit (cents)
                 * @example 5000
                 */
                amountMinor: number;
                description: string;
                quantity: number;
                /**
                 * @description Integer amount in the currency's minor unit (cents)
                 * @example 5000
                 */
                unitPriceMinor: number;
                vatRateBp: number;
            }[];
            nextChargeAt?: string;
            reverseCharge: boolean;
            /** @description The billing workflow's state, when it answers */
            state?: string;
            /**
             * @description Integer amount in the currency's minor unit (cents)
             * @example 5000
             */
            subtotalMinor: number;
            /**
             * @description Integer amount in the currency's minor unit (cents)
             * @example 5000
             */
            totalMinor: number;
            usage: {
                metric: string;
                quantity: number;
            }[];
            /**
             * @description Integer amount in the currency's minor unit (cents)
             * @example 5000
             */
            vatMinor: number;
            warning?: string;
        };
        DebtWriteOff: components["schemas"]["BillingOperatorRequest"] & {
            /** @example 2026-10 */
            cycleId: string;
        };
        Dispute: {
            /**
             * @description Integer amount in the currency's minor unit (cents)
             * @example 5000
             */
            amountMinor: number;
            /**
             * @description ISO 4217 currency code
             * @example EUR
             * @enum {string}
             */
            currency: "EUR" | "USD" | "GBP" | "CHF" | "SEK" | "NOK" | "DKK" | "PLN" | "CZK" | "CAD" | "AUD" | "JPY";
            disputeId: string;
            invoiceNumber: string;
            openedAt: string;
            /** @enum {string} */
            outcome?: "reopened" | "written_off";
            /** @enum {string} */
            status: "open" | "won" | "lost";
        };
        DisputeList: {
            data: components["schemas"]["Dispute"][];
            /** @description More items follow: ask again with startingAfter=nextCursor */
            hasMore: boolean;
            /** @description Pass as startingAfter for the next page; null on the last */
            nextCursor: string | null;
        };
        Email: {
            attachments: {
                filename: string;
                invoiceId: string;
            }[];
            /** @description The HTML part, when there is one */
            html?: string;
            key: string;
            orgId: string;
            sentAt: string | null;
            subject: string;
            text: string;
            to: string;
            transport: string;
        };
        EmailList: {
            data: components["schemas"]["Email"][];
            /** @description More items follow: ask again with startingAfter=nextCursor */
            hasMore: boolean;
            /** @description Pass as startingAfter for the next page; null on the last */
            nextCursor: string | null;
        };
        Error: {
            error: {
                /** @example invalid_request */
                code: string;
                /** @description The first offending field */
                field?: string;
                issues?: {
                    field: string;
                    message: string;
                }[];
                message: string;
            };
            requestId: string;
        };
        Event: {
            createdAt: string;
            /** @description The objects of the fact, as the API shows them */
            data: {
                [key: string]: unknown;
            };
            /**
             * @description Stable: the webhook-id of every delivery of this event
             * @example evt_…
             */
            id: string;
            /** @description Null for platform events (an unmatched bank credit, an endpoint disabled) */
            orgId: string | null;
            /** @description Gapless per organization (or platform): order a receiver's events by it */
            sequence: number;
            /** @enum {string} */
            type: "organization.created" | "organization.updated" | "organization.suspended" | "organization.reactivated" | "topup.created" | "proforma.issued" | "topup.credited" | "topup.paid" | "topup.expired" | "topup.cancelled" | "bank_credit.unmatched" | "balance.low" | "invoice.finalized" | "payment.succeeded" | "payment.failed" | "payment.action_required" | "payment_method.attached" | "payment_method.removed" | "debt.written_off" | "credit_note.issued" | "refund.succeeded" | "refund.failed" | "dispute.opened" | "dispute.won" | "dispute.lost" | "bank_credit.reversed" | "bank_statement.imported" | "webhook_endpoint.disabled";
        };
        EventList: {
            data: components["schemas"]["Event"][];
            /** @description More items follow: ask again with startingAfter=nextCursor */
            hasMore: boolean;
            /** @description Pass as startingAfter for the next page; null on the last */
            nextCursor: string | null;
        };
        Invoice: {
            /**
             * @description ISO 4217 currency code
             * @example EUR
             * @enum {string}
             */
            currency: "EUR" | "USD" | "GBP" | "CHF" | "SEK" | "NOK" | "DKK" | "PLN" | "CZK" | "CAD" | "AUD" | "JPY";
            dueDate: string;
            invoiceId: string;
            issueDate: string;
            lines: {
                /**
                 * @description Integer amount in the currency's minor unit (cents)
                 * @example 5000
                 */
                amountMinor: number;
                description: string;
                quantity: number;
                /**
                 * @description Integer amount in the currency's minor unit (cents)
                 * @example 5000
                 */
                unitPriceMinor: number;
                vatRateBp: number;
            }[];
            number: string;
            paymentReference?: string;
            pdfUrl: string;
            /** @enum {string} */
            series: "proforma" | "final";
            /** @description issued, paid, void; disputed while a dispute of its payment is open, or once lost */
            status: string;
            /**
             * @description Integer amount in the currency's minor unit (cents)
             * @example 5000
             */
            subtotalMinor: number;
            /**
             * @description Integer amount in the currency's minor unit (cents)
             * @example 5000
             */
            totalMinor: number;
            /**
             * @description Integer amount in the currency's minor unit (cents)
             * @example 5000
             */
            vatMinor: number;
        };
        InvoiceList: {
            data: components["schemas"]["Invoice"][];
            /** @description More items follow: ask again with startingAfter=nextCursor */
            hasMore: boolean;
            /** @description Pass as startingAfter for the next page; null on the last */
            nextCursor: string | null;
        };
        InvoiceResend: components["schemas"]["BillingOperatorRequest"] & {
            /** @example INV-2026-000042 */
            invoiceNumber: string;
        };
        LedgerEntry: {
            /**
             * @description Integer amount in the currency's minor unit (cents)
             * @example 5000
             */
            amountMinor: number;
            /**
             * @description Integer amount in the currency's minor unit (cents)
             * @example 5000
             */
            balanceAfterMinor: number;
            createdAt: string;
            /**
             * @description ISO 4217 currency code
             * @example EUR
             * @enum {string}
             */
            currency: "EUR" | "USD" | "GBP" | "CHF" | "SEK" | "NOK" | "DKK" | "PLN" | "CZK" | "CAD" | "AUD" | "JPY";
            description: string;
            key: string;
            kind: string;
            seq: number;
        };
        LedgerEntryList: {
            data: components["schemas"]["LedgerEntry"][];
            /** @description More items follow: ask again with startingAfter=nextCursor */
            hasMore: boolean;
            /** @description Pass as startingAfter for the next page; null on the last */
            nextCursor: string | null;
        };
        ManualPayment: components["schemas"]["OperatorRequest"] & {
            /**
             * @description Positive integer amount in minor units
             * @example 5000
             */
            amountMinor: number;
            /** @description The bank transaction id; credited once, whoever reports it */
            bankTxId: string;
            /**
             * Format: date
             * @description Defaults to today
             * @example 2026-11-25
             */
            valueDate?: string;
        };
        Money: {
            /**
             * @description Integer amount in the currency's minor unit (cents)
             * @example 5000
             */
            amountMinor: number;
            /**
             * @description ISO 4217 currency code
             * @example EUR
             * @enum {string}
             */
            currency: "EUR" | "USD" | "GBP" | "CHF" | "SEK" | "NOK" | "DKK" | "PLN" | "CZK" | "CAD" | "AUD" | "JPY";
        };
        OperatorRequest: {
            /**
             * @description The operator, as the audit log should name them
             * @example alice@ops
             */
            by: string;
            /** @example customer asked by phone */
            reason: string;
        };
        Organization: {
            address: string;
            billingEmail: string;
            /**
             * @description ISO 4217 currency code
             * @example EUR
             * @enum {string}
             */
            currency: "EUR" | "USD" | "GBP" | "CHF" | "SEK" | "NOK" | "DKK" | "PLN" | "CZK" | "CAD" | "AUD" | "JPY";
            defaultPaymentMethod: string;
            /** @description The provider's own id for it, unique */
            externalId: string | null;
            id: string;
            metadata: {
                [key: string]: string;
            };
            name: string;
            plan: components["schemas"]["Plan"];
            status: string;
            timeZone: string;
            vatId: string;
            vatRateBp: number;
        };
        OrganizationList: {
            data: components["schemas"]["Organization"][];
            /** @description More items follow: ask again with startingAfter=nextCursor */
            hasMore: boolean;
            /** @description Pass as startingAfter for the next page; null on the last */
            nextCursor: string | null;
        };
        PaymentMethod: {
            /** @description PayPal: the Vault payment token id, as the customer sees it */
            billingAgreementNumber?: string;
            card?: {
                brand: string;
                expMonth: number;
                expYear: number;
                last4: string;
            };
            isDefault: boolean;
            /** @enum {string} */
            kind: "paypal" | "card";
            /** @example paypal_8kk8451t */
            methodId: string;
            payerEmail?: string;
        };
        PaymentMethods: {
            /** @enum {string} */
            default: "prepaid" | "paypal" | "card";
            defaultPaymentMethodId: string | null;
            methods: components["schemas"]["PaymentMethod"][];
        };
        PayPalReturn: {
            message: string;
            received: boolean;
            state: string;
        };
        PayPalSetup: {
            /** @description Send the payer here to approve the billing agreement */
            approvalUrl?: string;
            error?: components["schemas"]["ProviderError"];
            expiresAt?: string;
            method?: components["schemas"]["PaymentMethod"];
            setupTokenId?: string;
            /** @enum {string} */
            state: "creating" | "awaiting_approval" | "vaulting" | "active" | "cancelled" | "expired" | "failed";
            workflowId: string;
        };
        Plan: {
            /**
             * @description Integer amount in the currency's minor unit (cents)
             * @example 5000
             */
            monthlyFeeMinor: number;
            /**
             * @description Integer amount in the currency's minor unit (cents)
             * @example 5000
             */
            setupFeeMinor: number;
            /** @default [] */
            usagePrices?: {
                metric: string;
                unit: string;
                /**
                 * @description Integer amount in the currency's minor unit (cents)
                 * @example 5000
                 */
                unitPriceMinor: number;
            }[];
        };
        PlanChange: components["schemas"]["BillingOperatorRequest"] & {
            plan: components["schemas"]["Plan"];
        };
        PortalSession: {
            /** @description When the link stops working if nobody opened it */
            expiresAt: string;
            /** @description Open it once, within minutes: it becomes a browser session of a few hours */
            url: string;
        };
        ProviderError: {
            code: string;
            declineCode?: string;
            message: string;
        };
        Redeliver: {
            /** @description Only to this endpoint; else to every endpoint that wants each event */
            endpointId?: string;
            /** @description One event… */
            eventId?: string;
            /**
             * Format: date-time
             * @description …or every event created from this time…
             */
            from?: string;
            /**
             * Format: date-time
             * @description …until this time (exclusive)
             */
            until?: string;
        };
        Refund: {
            /**
             * @description Integer amount in the currency's minor unit (cents)
             * @example 5000
             */
            amountMinor: number;
            bankReference?: string;
            /**
             * @description ISO 4217 currency code
             * @example EUR
             * @enum {string}
             */
            currency: "EUR" | "USD" | "GBP" | "CHF" | "SEK" | "NOK" | "DKK" | "PLN" | "CZK" | "CAD" | "AUD" | "JPY";
            /** @enum {string} */
            destination: "balance" | "card" | "paypal" | "bank_transfer";
            error?: {
                code: string;
                message: string;
            };
            providerRef?: string;
            refundId: string;
            /** @enum {string} */
            status: "pending" | "succeeded" | "failed";
        };
        RefundList: {
            data: components["schemas"]["RefundListItem"][];
            /** @description More items follow: ask again with startingAfter=nextCursor */
            hasMore: boolean;
            /** @description Pass as startingAfter for the next page; null on the last */
            nextCursor: string | null;
        };
        RefundListItem: components["schemas"]["Refund"] & {
            /** @description A provider's refund the books cannot fully stand for: for ops to resolve */
            attention?: {
                /**
                 * @description Integer amount in the currency's minor unit (cents)
                 * @example 5000
                 */
                pastNetPaidMinor: number;
                reason: string;
                /**
                 * @description Integer amount in the currency's minor unit (cents)
                 * @example 5000
                 */
                uncreditedMinor: number;
            };
            creditNoteNumber?: string;
            invoiceNumber?: string;
            orgId: string;
            /**
             * @description `provider`: made in Stripe's or PayPal's dashboard
             * @enum {string}
             */
            origin: "operator" | "provider";
        };
        RefundRequest: components["schemas"]["OperatorRequest"] & {
            /** @description The bank reference of the payout (bank_transfer) */
            bankReference?: string;
            /**
             * @description balance: a ledger credit; payment: the card or PayPal payment that paid the invoice; bank_transfer: a payout ops made
             * @enum {string}
             */
            to: "balance" | "payment" | "bank_transfer";
        };
        ReportedBankCredit: {
            /**
             * @description Integer amount in the currency's minor unit (cents)
             * @example 5000
             */
            amountMinor: number;
            bankTxId: string;
            currency: string;
            orderId?: string;
            reason?: string;
            receivedAt: string;
            reference: string;
            status: string;
            valueDate: string;
        };
        ReportedBankCreditList: {
            data: components["schemas"]["ReportedBankCredit"][];
            /** @description More items follow: ask again with startingAfter=nextCursor */
            hasMore: boolean;
            /** @description Pass as startingAfter for the next page; null on the last */
            nextCursor: string | null;
        };
        ResentInvoice: {
            cycleId: string;
            emailId: string;
            invoiceNumber: string;
            to: string;
        };
        StartPaymentMethodSetup: {
            /** @default false */
            makeDefault?: boolean;
        };
        TopUpList: {
            data: components["schemas"]["TopUpOrder"][];
            /** @description More items follow: ask again with startingAfter=nextCursor */
            hasMore: boolean;
            /** @description Pass as startingAfter for the next page; null on the last */
            nextCursor: string | null;
        };
        TopUpOrder: {
            /**
             * @description Integer amount in the currency's minor unit (cents)
             * @example 5000
             */
            amountMinor: number;
            bankDetails: components["schemas"]["BankDetails"];
            createdAt: string;
            credits: {
                /**
                 * @description Integer amount in the currency's minor unit (cents)
                 * @example 5000
                 */
                amountMinor: number;
                bankTxId: string;
                valueDate: string;
            }[];
            /**
             * @description ISO 4217 currency code
             * @example EUR
             * @enum {string}
             */
            currency: "EUR" | "USD" | "GBP" | "CHF" | "SEK" | "NOK" | "DKK" | "PLN" | "CZK" | "CAD" | "AUD" | "JPY";
            expiresAt: string;
            orderId: string;
            /**
             * @description ISO 11649 RF creditor reference to quote on the transfer
             * @example RF62PF2026000001
             */
            paymentReference: string;
            /** @example RF62 PF20 2600 0001 */
            paymentReferenceFormatted: string;
            proforma: {
                invoiceId: string;
                number: string;
                pdfUrl: string;
            };
            /**
             * @description Integer amount in the currency's minor unit (cents)
             * @example 5000
             */
            receivedMinor: number;
            /** @enum {string} */
            state: "issuing" | "awaiting_payment" | "partially_paid" | "paid" | "expired" | "cancelled";
            warning?: string;
            workflowId: string;
        };
        TopUpWorkflowStatus: {
            /**
             * @description Integer amount in the currency's minor unit (cents)
             * @example 5000
             */
            amountMinor: number;
            creditedTxIds: string[];
            /**
             * @description ISO 4217 currency code
             * @example EUR
             * @enum {string}
             */
            currency: "EUR" | "USD" | "GBP" | "CHF" | "SEK" | "NOK" | "DKK" | "PLN" | "CZK" | "CAD" | "AUD" | "JPY";
            orderId: string;
            orgId: string;
            proformaResends?: number;
            /**
             * @description Integer amount in the currency's minor unit (cents)
             * @example 5000
             */
            receivedMinor: number;
            remindersSent: number;
            state: string;
        };
        UpdateOrganization: {
            address?: string;
            /** Format: email */
            billingEmail?: string;
            /**
             * @description The provider's own id for this organization, unique across organizations
             * @example cust-8841
             */
            externalId?: string;
            /** @description Your own small string map (at most 20 keys, values up to 500 characters); replaced as a whole */
            metadata?: {
                [key: string]: string;
            };
            name?: string;
            timeZone?: string;
            vatId?: string;
        };
        UsageRecord: components["schemas"]["UsageReport"] & {
            cycleNote: string;
            receivedAt: string;
        };
        UsageReport: {
            /**
             * @description One of the plan's usage metrics
             * @example seats
             */
            metric: string;
            /**
             * Format: date-time
             * @description When it happened, for your records; billing goes by when we receive it
             */
            occurredAt?: string;
            /**
             * @description Units to bill, a positive whole number; at most 1000000000 per report and per metric and cycle
             * @example 12
             */
            quantity: number;
            /**
             * @description Your id for this report: sending it again (a retry) records it once
             * @example seats-2026-11-25
             */
            usageId: string;
        };
        WebhookAck: {
            /** @description This event id was received before; it was not processed again */
            duplicate: boolean;
            outcome?: string;
            /** @enum {boolean} */
            received: true;
        };
        WebhookEndpoint: {
            createdAt: string;
            delivery: {
                disabledAt?: string;
                disabledReason?: string;
                /**
                 * @description disabled: by an admin, or after failing for the whole retry window
                 * @enum {string}
                 */
                state: "active" | "disabled";
            };
            description: string;
            /** @description The admin's switch */
            enabled: boolean;
            eventTypes: string[];
            id: string;
            url: string;
        };
        WebhookEndpointList: {
            data: components["schemas"]["WebhookEndpoint"][];
            /** @description More items follow: ask again with startingAfter=nextCursor */
            hasMore: boolean;
            /** @description Pass as startingAfter for the next page; null on the last */
            nextCursor: string | null;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
