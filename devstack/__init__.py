"""Local development stack, which is never packaged into the Lambda function."""
