from {{ cookiecutter.package_name }}.pages.rooms import room_page_socket

handler = room_page_socket
