# ferret YARA test sample: synthetic, never run; the payload decodes to print("ferret-sample")
import base64
raise SystemExit(0)
exec(base64.b64decode("cHJpbnQoImZlcnJldC1zYW1wbGUiKQ=="))
