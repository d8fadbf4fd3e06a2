"""Team workspaces and default views: changes that return new settings or refuse.

Each helper takes settings and returns new settings; a refused change raises
:class:`~guided_actions.errors.InvalidSettings` carrying the same problems
:func:`~guided_actions.success.validate_settings` would report (same codes, same
paths), plus the few codes only a change can have (``unknown_workspace``,
``deletion_not_confirmed``, ``unknown_view``, ``hubspot_default_view_not_editable``).
Acting on views needs super admin or *manage customer success settings*
(:class:`~guided_actions.errors.AccessDenied` otherwise).
"""

from __future__ import annotations

from types import MappingProxyType

import attrs

from guided_actions.crm import User
from guided_actions.errors import AccessDenied, InvalidSettings, Problem
from guided_actions.success._permissions import can_manage_views, can_share_view_with_everyone
from guided_actions.success._settings import CustomerSuccessSettings, CustomerView, PortalSchema, Sharing, TeamWorkspace
from guided_actions.success._validation import view_problems, workspace_problems

__all__ = [
    "CHANGE_PROBLEMS",
    "create_workspace",
    "delete_view",
    "delete_workspace",
    "edit_view",
    "remove_default_view",
    "set_view_as_default",
    "update_workspace",
]

#: The codes only a change can have (the others come from ``SETTINGS_PROBLEMS``).
CHANGE_PROBLEMS = MappingProxyType(
    {
        "unknown_workspace": "there is no team workspace {name!r}",
        "workspace_exists": "a team workspace {name!r} already exists; update it instead",
        "deletion_not_confirmed": "deleting {what} cannot be undone; confirm it first",
        "unknown_view": "{name!r} is not a default view",
        "hubspot_default_view_not_editable": "HubSpot's default view {name!r} cannot be edited (it can be deleted)",
        "sharing_not_allowed": "only super admins and settings managers can share a view with everyone",
    }
)


def _refuse(code: str, path: str, **fields: object) -> InvalidSettings:
    return InvalidSettings((Problem(code, path, CHANGE_PROBLEMS[code].format(**fields)),))


def _with_workspaces(
    settings: CustomerSuccessSettings, workspaces: tuple[TeamWorkspace, ...], schema: PortalSchema | None
) -> CustomerSuccessSettings:
    problems = workspace_problems(workspaces, None if schema is None else schema.teams)
    if problems:
        raise InvalidSettings(problems)
    return attrs.evolve(settings, workspaces=workspaces)


def _index(settings: CustomerSuccessSettings, workspace_id: str) -> int:
    for i, workspace in enumerate(settings.workspaces):
        if workspace.id == workspace_id:
            return i
    raise _refuse("unknown_workspace", "workspaces", name=workspace_id)


def create_workspace(
    settings: CustomerSuccessSettings, workspace: TeamWorkspace, *, schema: PortalSchema | None = None
) -> CustomerSuccessSettings:
    """Settings with a new team workspace appended.

    Refused (all problems at once) past five workspaces, for a workspace without
    a team, a duplicate id or name, a team already in another workspace, and —
    when ``schema`` is given — a team the portal does not have.
    """
    if any(existing.id == workspace.id for existing in settings.workspaces):
        raise _refuse("workspace_exists", "workspaces", name=workspace.id)
    return _with_workspaces(settings, (*settings.workspaces, workspace), schema)


def update_workspace(
    settings: CustomerSuccessSettings, workspace: TeamWorkspace, *, schema: PortalSchema | None = None
) -> CustomerSuccessSettings:
    """Settings with the workspace of the same id replaced (name, description, teams, tab toggles)."""
    i = _index(settings, workspace.id)
    workspaces = (*settings.workspaces[:i], workspace, *settings.workspaces[i + 1 :])
    return _with_workspaces(settings, workspaces, schema)


def delete_workspace(
    settings: CustomerSuccessSettings, workspace_id: str, *, confirmed: bool
) -> CustomerSuccessSettings:
    """Settings without the workspace; its users fall back to the primary workspace.

    Refused unless ``confirmed`` — the product's "I understand that deleting this
    workspace can't be undone" box — is ``True``.
    """
    i = _index(settings, workspace_id)
    if confirmed is not True:
        raise _refuse("deletion_not_confirmed", f"workspaces[{i}]", what=f"the workspace {workspace_id!r}")
    return attrs.evolve(settings, workspaces=settings.workspaces[:i] + settings.workspaces[i + 1 :])


def _require_manager(user: User, what: str) -> None:
    if not can_manage_views(user):
        raise AccessDenied(f"{user.id} may not {what}: super admin or 'manage customer success settings' is needed")


def set_view_as_default(
    settings: CustomerSuccessSettings, view: CustomerView, description: str, *, by: User
) -> CustomerSuccessSettings:
    """Settings with ``view`` as a default view (a card on the summary tab), with ``description``.

    A view already among the defaults keeps its place and gets the new
    description.  Refused, with every problem, when the view is not shared with
    everyone, a custom view has no description, or there would be more than six.
    """
    _require_manager(by, "set default views")
    view = attrs.evolve(view, description=description)
    views = list(settings.default_views)
    for i, existing in enumerate(views):
        if existing.id == view.id:
            views[i] = view
            break
    else:
        views.append(view)
    problems = view_problems(views)
    if problems:
        raise InvalidSettings(problems)
    return attrs.evolve(settings, default_views=tuple(views))


def _view_index(settings: CustomerSuccessSettings, view_id: str) -> int:
    for i, view in enumerate(settings.default_views):
        if view.id == view_id:
            return i
    raise _refuse("unknown_view", "default_views", name=view_id)


def remove_default_view(settings: CustomerSuccessSettings, view_id: str, *, by: User) -> CustomerSuccessSettings:
    """Settings without ``view_id`` among the default views (the view itself still exists)."""
    _require_manager(by, "remove default views")
    i = _view_index(settings, view_id)
    return attrs.evolve(settings, default_views=settings.default_views[:i] + settings.default_views[i + 1 :])


def delete_view(
    settings: CustomerSuccessSettings, view_id: str, *, by: User, confirmed: bool
) -> CustomerSuccessSettings:
    """Settings after deleting a default view, HubSpot's own included (those can be deleted).

    Refused unless ``confirmed`` ("Yes, I want to delete this view").  The host
    deletes the view from its own store; the settings only forget the card.
    """
    _require_manager(by, "delete views")
    i = _view_index(settings, view_id)
    if confirmed is not True:
        raise _refuse("deletion_not_confirmed", f"default_views[{i}]", what=f"the view {view_id!r}")
    return attrs.evolve(settings, default_views=settings.default_views[:i] + settings.default_views[i + 1 :])


def edit_view(view: CustomerView, *, by: User, name: str | None = None, sharing: Sharing | None = None) -> CustomerView:
    """The view with a new name and/or sharing.

    Anyone may edit a custom view, but sharing it with everyone needs super admin
    or *manage customer success settings* (``sharing_not_allowed``); HubSpot's
    default views cannot be edited at all (``hubspot_default_view_not_editable``).
    """
    if view.is_hubspot_default:
        raise _refuse("hubspot_default_view_not_editable", "view", name=view.name)
    if sharing is Sharing.EVERYONE and not can_share_view_with_everyone(by):
        raise _refuse("sharing_not_allowed", "sharing")
    return attrs.evolve(
        view, name=view.name if name is None else name, sharing=view.sharing if sharing is None else sharing
    )
