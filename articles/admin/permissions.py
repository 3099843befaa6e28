"""Admin pages behind one dedicated permission (webhooks, distribution channels), whatever the
models' own add/change/delete permissions say: editors get the one permission with their role."""


class DedicatedPermissionMixin:
    """Every page and action of this admin needs ``dedicated_permission`` ("app.codename")."""

    dedicated_permission = ""

    def _allowed(self, request) -> bool:
        return request.user.has_perm(self.dedicated_permission)

    def has_module_permission(self, request) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._allowed(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request) -> bool:
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._allowed(request)
