from remi_admin.cli import main

main()
