"""Extensions, created unbound here and bound to an app in ``create_app``."""

from flask_babel import Babel
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf import CSRFProtect
from govuk_frontend_wtf.main import WTFormsHelpers

babel = Babel()
compress = Compress()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
wtforms_helpers = WTFormsHelpers()
