from . import models, wizards
from . import controllers, report
from .hooks import uninstall_hook
