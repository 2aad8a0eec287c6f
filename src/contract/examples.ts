// Example payloads, verbatim from LeadSquared's pages (shared/reference/seeds), for tests, pacts and docs.

export const exampleUpdateRequest = {
  ProspectOpportunityId: '5ca5b042-51ea-4699-b6f0-84c40ab12770',
  OpportunityNote: 'Update note',
  Fields: [
    { SchemaName: 'mx_Custom_6', Value: '200,000' },
    { SchemaName: 'mx_Custom_7', Value: '180,000' },
    { SchemaName: 'mx_Custom_8', Value: '2020-09-16 12:13:44' },
  ],
};

export const exampleUpdateAccepted = {
  Status: 'Request accepted. Please use below request id to check the status',
  RequestID: '7ba60ab0-7054-4856-8590-1b5a9f904ad1',
};

/** The Status API page's sample, with its \r\n\t-laden RequestBody and stringified Message. */
export const exampleStatusSuccess = {
  RequestID: '5ebec781-c325-41f0-914e-9692301a2515',
  TaskStatus: {
    TaskType: 'Opportunity Update',
    Status: 'Success',
    StatusReason: 'Request was successfully completed',
    TaskCurrentStep: null,
    TaskLastStep: 'In-Process-Queue',
    RequestBody:
      '{\r\n\r\n "ProspectOpportunityId": "6a22455b-213e-4450-a960-3deef72b5eec",\r\n \r\n "OpportunityNote": "Insurance details",\r\n "Fields": [\r\n \r\n\t\t{\r\n "SchemaName": "mx_Custom_5",\r\n "Value": "Car Insurance"\r\n },\r\n {\r\n "SchemaName": "mx_Custom_6",\r\n "Value": "100000"\r\n }\r\n ]\r\n}',
    Message: '{"Status":"Success","Message":{"Id":"6a22455b-213e-4450-a960-3deef72b5eec"}}',
  },
};

export const exampleErrorEnvelope = {
  Status: 'Error',
  ExceptionType: 'MXInvalidInputException',
  ExceptionMessage: 'Invalid Input',
};
