"""Build a :class:`~guided_actions.crm.CrmSnapshot` from HubSpot CRM API payloads, and write suggestions back.

Pure: no HTTP, no files.  A host (or ``python -m guided_actions from-hubspot``)
fetches the payloads with its own client and hands them over as plain mappings;
:func:`snapshot_from_hubspot` decodes HubSpot's all-string properties, merges v3
and v4 associations and reports every record it could not use.
:func:`guided_action_to_hubspot_task` turns a guided action into a HubSpot task
payload so the suggestion can be surfaced inside HubSpot.
"""

from guided_actions.hubspot._engagements import CALL_OUTCOMES
from guided_actions.hubspot._import import EXPORT_KEYS, HubSpotImport, InvalidExport, snapshot_from_hubspot
from guided_actions.hubspot._writeback import TASK_ASSOCIATION_TYPES, guided_action_to_hubspot_task

__all__ = [
    "CALL_OUTCOMES",
    "EXPORT_KEYS",
    "HubSpotImport",
    "InvalidExport",
    "TASK_ASSOCIATION_TYPES",
    "guided_action_to_hubspot_task",
    "snapshot_from_hubspot",
]
