""" Contains all the data models used in inputs/outputs """

from .action_type import ActionType
from .attempt_out import AttemptOut
from .attendance_record_response_200 import AttendanceRecordResponse200
from .attendance_record_response_201 import AttendanceRecordResponse201
from .attendance_session_out import AttendanceSessionOut
from .axis import Axis
from .batch import Batch
from .batch_records_item_type_0 import BatchRecordsItemType0
from .batch_records_item_type_1 import BatchRecordsItemType1
from .batch_records_item_type_10 import BatchRecordsItemType10
from .batch_records_item_type_2 import BatchRecordsItemType2
from .batch_records_item_type_3 import BatchRecordsItemType3
from .batch_records_item_type_4 import BatchRecordsItemType4
from .batch_records_item_type_5 import BatchRecordsItemType5
from .batch_records_item_type_6 import BatchRecordsItemType6
from .batch_records_item_type_7 import BatchRecordsItemType7
from .batch_records_item_type_8 import BatchRecordsItemType8
from .batch_records_item_type_9 import BatchRecordsItemType9
from .billing_unit import BillingUnit
from .cancel_enrolment import CancelEnrolment
from .catalogue_page import CataloguePage
from .change_dropout_action_status import ChangeDropoutActionStatus
from .complete import Complete
from .create_plan import CreatePlan
from .create_plan_diagnosis import CreatePlanDiagnosis
from .declaration_out import DeclarationOut
from .declaration_out_kind import DeclarationOutKind
from .declaration_out_value import DeclarationOutValue
from .declaration_page import DeclarationPage
from .declare_open_day import DeclareOpenDay
from .declare_trainer_hours import DeclareTrainerHours
from .delivery_detail_out import DeliveryDetailOut
from .delivery_out import DeliveryOut
from .delivery_page import DeliveryPage
from .detailed_line_out import DetailedLineOut
from .diagnosis_score import DiagnosisScore
from .disable_endpoint import DisableEndpoint
from .dispute_invoice import DisputeInvoice
from .domain import Domain
from .dropout import Dropout
from .endpoint_out import EndpointOut
from .endpoint_page import EndpointPage
from .endpoint_with_secret_out import EndpointWithSecretOut
from .enrol import Enrol
from .event_type_out import EventTypeOut
from .fact_out import FactOut
from .fact_out_detail_type_0 import FactOutDetailType0
from .get_dropout_reasons_response_200_item import GetDropoutReasonsResponse200Item
from .get_session_response_get_session_v1_sessions_session_id_get import GetSessionResponseGetSessionV1SessionsSessionIdGet
from .http_validation_error import HTTPValidationError
from .invoice_out import InvoiceOut
from .invoice_status import InvoiceStatus
from .invoice_status_out import InvoiceStatusOut
from .line_facts_out import LineFactsOut
from .list_deliveries_status_type_0 import ListDeliveriesStatusType0
from .list_endpoints_status_type_0 import ListEndpointsStatusType0
from .list_my_declarations_kind_type_0 import ListMyDeclarationsKindType0
from .lot_status import LotStatus
from .milestone_spec import MilestoneSpec
from .my_action_plan_response_my_action_plan_v1_plans_plan_id_dropout_action_plans_year_get import MyActionPlanResponseMyActionPlanV1PlansPlanIdDropoutActionPlansYearGet
from .my_action_plan_scope import MyActionPlanScope
from .my_amendments_response_200_item import MyAmendmentsResponse200Item
from .my_plan_response_my_plan_v1_plans_plan_id_get import MyPlanResponseMyPlanV1PlansPlanIdGet
from .my_plans_response_200_item import MyPlansResponse200Item
from .my_progress_response_my_progress_v1_plans_plan_id_progress_get import MyProgressResponseMyProgressV1PlansPlanIdProgressGet
from .organisation_invoice_out import OrganisationInvoiceOut
from .organisation_lot_out import OrganisationLotOut
from .organisation_lot_page import OrganisationLotPage
from .organisation_order_out import OrganisationOrderOut
from .organisation_order_page import OrganisationOrderPage
from .payment_forecast_out import PaymentForecastOut
from .post_attendance_sheet_response_200 import PostAttendanceSheetResponse200
from .post_attendance_sheet_response_200_errors_item import PostAttendanceSheetResponse200ErrorsItem
from .post_batch_response_200 import PostBatchResponse200
from .post_batch_response_200_results_item import PostBatchResponse200ResultsItem
from .post_batch_response_200_results_item_fact import PostBatchResponse200ResultsItemFact
from .post_batch_response_200_results_item_status import PostBatchResponse200ResultsItemStatus
from .problem import Problem
from .problem_errors_item import ProblemErrorsItem
from .profile_fields import ProfileFields
from .propose_amendment import ProposeAmendment
from .propose_amendment_diagnosis_type_0 import ProposeAmendmentDiagnosisType0
from .record_attendance import RecordAttendance
from .record_dropout_action import RecordDropoutAction
from .record_satisfaction import RecordSatisfaction
from .refusal_out import RefusalOut
from .refusal_out_channel import RefusalOutChannel
from .refusal_page import RefusalPage
from .register_endpoint import RegisterEndpoint
from .replay_delivery import ReplayDelivery
from .resume import Resume
from .rotate_secret import RotateSecret
from .satisfaction_record_response_200 import SatisfactionRecordResponse200
from .satisfaction_record_response_201 import SatisfactionRecordResponse201
from .session_open_day_response_200 import SessionOpenDayResponse200
from .session_open_day_response_201 import SessionOpenDayResponse201
from .session_open_day_withdraw_response_200 import SessionOpenDayWithdrawResponse200
from .session_open_day_withdraw_response_201 import SessionOpenDayWithdrawResponse201
from .session_out import SessionOut
from .session_page import SessionPage
from .suspend import Suspend
from .target_spec import TargetSpec
from .territory import Territory
from .trainee_complete_response_200 import TraineeCompleteResponse200
from .trainee_complete_response_201 import TraineeCompleteResponse201
from .trainee_dropout_response_200 import TraineeDropoutResponse200
from .trainee_dropout_response_201 import TraineeDropoutResponse201
from .trainee_enrol_cancel_response_200 import TraineeEnrolCancelResponse200
from .trainee_enrol_cancel_response_201 import TraineeEnrolCancelResponse201
from .trainee_enrol_response_200 import TraineeEnrolResponse200
from .trainee_enrol_response_201 import TraineeEnrolResponse201
from .trainee_lookup import TraineeLookup
from .trainee_out import TraineeOut
from .trainee_resume_response_200 import TraineeResumeResponse200
from .trainee_resume_response_201 import TraineeResumeResponse201
from .trainee_suspend_response_200 import TraineeSuspendResponse200
from .trainee_suspend_response_201 import TraineeSuspendResponse201
from .trainer_hours_response_200 import TrainerHoursResponse200
from .trainer_hours_response_201 import TrainerHoursResponse201
from .validation_error import ValidationError
from .validation_error_context import ValidationErrorContext
from .warning_out import WarningOut
from .warning_reason import WarningReason
from .warning_status_out import WarningStatusOut
from .warning_status_out_outcome_type_0 import WarningStatusOutOutcomeType0
from .warning_status_out_status import WarningStatusOutStatus
from .withdraw_open_day import WithdrawOpenDay

__all__ = (
    "ActionType",
    "AttemptOut",
    "AttendanceRecordResponse200",
    "AttendanceRecordResponse201",
    "AttendanceSessionOut",
    "Axis",
    "Batch",
    "BatchRecordsItemType0",
    "BatchRecordsItemType1",
    "BatchRecordsItemType10",
    "BatchRecordsItemType2",
    "BatchRecordsItemType3",
    "BatchRecordsItemType4",
    "BatchRecordsItemType5",
    "BatchRecordsItemType6",
    "BatchRecordsItemType7",
    "BatchRecordsItemType8",
    "BatchRecordsItemType9",
    "BillingUnit",
    "CancelEnrolment",
    "CataloguePage",
    "ChangeDropoutActionStatus",
    "Complete",
    "CreatePlan",
    "CreatePlanDiagnosis",
    "DeclarationOut",
    "DeclarationOutKind",
    "DeclarationOutValue",
    "DeclarationPage",
    "DeclareOpenDay",
    "DeclareTrainerHours",
    "DeliveryDetailOut",
    "DeliveryOut",
    "DeliveryPage",
    "DetailedLineOut",
    "DiagnosisScore",
    "DisableEndpoint",
    "DisputeInvoice",
    "Domain",
    "Dropout",
    "EndpointOut",
    "EndpointPage",
    "EndpointWithSecretOut",
    "Enrol",
    "EventTypeOut",
    "FactOut",
    "FactOutDetailType0",
    "GetDropoutReasonsResponse200Item",
    "GetSessionResponseGetSessionV1SessionsSessionIdGet",
    "HTTPValidationError",
    "InvoiceOut",
    "InvoiceStatus",
    "InvoiceStatusOut",
    "LineFactsOut",
    "ListDeliveriesStatusType0",
    "ListEndpointsStatusType0",
    "ListMyDeclarationsKindType0",
    "LotStatus",
    "MilestoneSpec",
    "MyActionPlanResponseMyActionPlanV1PlansPlanIdDropoutActionPlansYearGet",
    "MyActionPlanScope",
    "MyAmendmentsResponse200Item",
    "MyPlanResponseMyPlanV1PlansPlanIdGet",
    "MyPlansResponse200Item",
    "MyProgressResponseMyProgressV1PlansPlanIdProgressGet",
    "OrganisationInvoiceOut",
    "OrganisationLotOut",
    "OrganisationLotPage",
    "OrganisationOrderOut",
    "OrganisationOrderPage",
    "PaymentForecastOut",
    "PostAttendanceSheetResponse200",
    "PostAttendanceSheetResponse200ErrorsItem",
    "PostBatchResponse200",
    "PostBatchResponse200ResultsItem",
    "PostBatchResponse200ResultsItemFact",
    "PostBatchResponse200ResultsItemStatus",
    "Problem",
    "ProblemErrorsItem",
    "ProfileFields",
    "ProposeAmendment",
    "ProposeAmendmentDiagnosisType0",
    "RecordAttendance",
    "RecordDropoutAction",
    "RecordSatisfaction",
    "RefusalOut",
    "RefusalOutChannel",
    "RefusalPage",
    "RegisterEndpoint",
    "ReplayDelivery",
    "Resume",
    "RotateSecret",
    "SatisfactionRecordResponse200",
    "SatisfactionRecordResponse201",
    "SessionOpenDayResponse200",
    "SessionOpenDayResponse201",
    "SessionOpenDayWithdrawResponse200",
    "SessionOpenDayWithdrawResponse201",
    "SessionOut",
    "SessionPage",
    "Suspend",
    "TargetSpec",
    "Territory",
    "TraineeCompleteResponse200",
    "TraineeCompleteResponse201",
    "TraineeDropoutResponse200",
    "TraineeDropoutResponse201",
    "TraineeEnrolCancelResponse200",
    "TraineeEnrolCancelResponse201",
    "TraineeEnrolResponse200",
    "TraineeEnrolResponse201",
    "TraineeLookup",
    "TraineeOut",
    "TraineeResumeResponse200",
    "TraineeResumeResponse201",
    "TraineeSuspendResponse200",
    "TraineeSuspendResponse201",
    "TrainerHoursResponse200",
    "TrainerHoursResponse201",
    "ValidationError",
    "ValidationErrorContext",
    "WarningOut",
    "WarningReason",
    "WarningStatusOut",
    "WarningStatusOutOutcomeType0",
    "WarningStatusOutStatus",
    "WithdrawOpenDay",
)
